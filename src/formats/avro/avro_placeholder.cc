// Replaced by the Avro reader and writer.
