create schema if not exists catalog;
