"""Reads an Avro file with python3-avro and writes its records to a new file.

usage: /usr/bin/python3 py_rewrite.py SRC DST CODEC   (prints the record count)
"""
import sys

import avro.datafile
import avro.io
import avro.schema

src, dst, codec = sys.argv[1:4]
with open(src, "rb") as f:
    reader = avro.datafile.DataFileReader(f, avro.io.DatumReader())
    schema = avro.schema.parse(reader.meta["avro.schema"].decode("utf-8"))
    records = list(reader)
with open(dst, "wb") as out:
    writer = avro.datafile.DataFileWriter(out, avro.io.DatumWriter(), schema, codec=codec)
    for r in records:
        writer.append(r)
    writer.close()
print(len(records))
