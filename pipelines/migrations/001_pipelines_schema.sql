create schema if not exists pipelines;
