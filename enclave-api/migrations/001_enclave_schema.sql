create schema if not exists enclave;
