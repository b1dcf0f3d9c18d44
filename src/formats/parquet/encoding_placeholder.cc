// Replaced by the Parquet encoding sources.
