create schema if not exists output_checks;
