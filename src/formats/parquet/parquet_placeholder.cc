// Replaced by the Parquet parquet sources.
