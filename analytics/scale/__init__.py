"""The same analysis at scale: Dask over many files, partitioned Parquet, DuckDB aggregates."""
