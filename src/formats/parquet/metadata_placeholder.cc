// Replaced by the Parquet metadata sources.
