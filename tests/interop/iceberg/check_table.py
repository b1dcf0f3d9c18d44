"""Checks an Iceberg table floe wrote, with code that is not floe's.

usage: /usr/bin/python3 check_table.py METADATA_JSON FILES_OUT
Reads the metadata JSON and checks every field the spec requires of a
format v2 table; reads every snapshot's manifest list and manifests with
python3-avro and checks the spec's field names and field ids; writes the
current snapshot's live data files (one path per line) to FILES_OUT and
prints their total record count. Exit 1 with a message on any mismatch.
"""
import json
import sys

import avro.datafile
import avro.io

metadata_path, files_out = sys.argv[1:3]
errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


with open(metadata_path) as f:
    md = json.load(f)

# Spec "Table Metadata Fields": required in v2.
for key in ["format-version", "table-uuid", "location", "last-sequence-number", "last-updated-ms",
            "last-column-id", "schemas", "current-schema-id", "partition-specs", "default-spec-id",
            "last-partition-id", "sort-orders", "default-sort-order-id"]:
    check(key in md, f"metadata: required field {key} is missing")
check(md.get("format-version") == 2, "metadata: format-version is not 2")
for s in md.get("snapshots", []):
    for key in ["snapshot-id", "sequence-number", "timestamp-ms", "manifest-list", "summary", "schema-id"]:
        check(key in s, f"snapshot {s.get('snapshot-id')}: {key} is missing")
    check("operation" in s.get("summary", {}), f"snapshot {s.get('snapshot-id')}: summary has no operation")
    check(s["sequence-number"] <= md["last-sequence-number"], "snapshot sequence number above last-sequence-number")
check(md.get("refs", {}).get("main", {}).get("snapshot-id") == md.get("current-snapshot-id"),
      "refs.main is not the current snapshot")

# Spec "Manifest Lists" and "Manifests": field ids by name (the spec's names).
MANIFEST_FILE = {"manifest_path": 500, "manifest_length": 501, "partition_spec_id": 502, "content": 517,
                 "sequence_number": 515, "min_sequence_number": 516, "added_snapshot_id": 503,
                 "added_files_count": 504, "existing_files_count": 505, "deleted_files_count": 506,
                 "added_rows_count": 512, "existing_rows_count": 513, "deleted_rows_count": 514,
                 "partitions": 507}
SUMMARY = {"contains_null": 509, "contains_nan": 518, "lower_bound": 510, "upper_bound": 511}
ENTRY = {"status": 0, "snapshot_id": 1, "sequence_number": 3, "file_sequence_number": 4, "data_file": 2}
DATA_FILE = {"content": 134, "file_path": 100, "file_format": 101, "partition": 102, "record_count": 103,
             "file_size_in_bytes": 104, "column_sizes": 108, "value_counts": 109, "null_value_counts": 110,
             "nan_value_counts": 137, "lower_bounds": 125, "upper_bounds": 128, "key_metadata": 131,
             "split_offsets": 132, "equality_ids": 135, "sort_order_id": 140}
MAP_IDS = {"column_sizes": (117, 118), "value_counts": (119, 120), "null_value_counts": (121, 122),
           "nan_value_counts": (138, 139), "lower_bounds": (126, 127), "upper_bounds": (129, 130)}


def record_of(t):
    """The record inside an optional union, array or the type itself."""
    if isinstance(t, list):
        t = [b for b in t if b != "null"][0]
    if isinstance(t, dict) and t.get("type") == "array":
        return t
    return t


def check_fields(where, record, expected):
    fields = {f["name"]: f for f in record["fields"]}
    for name, fid in expected.items():
        f = fields.get(name)
        check(f is not None, f"{where}: field {name} is missing")
        if f is not None:
            check(f.get("field-id") == fid, f"{where}: field {name} has field-id {f.get('field-id')}, spec says {fid}")
    return fields


def read(path):
    with open(path, "rb") as f:
        r = avro.datafile.DataFileReader(f, avro.io.DatumReader())
        meta = {k: v for k, v in r.meta.items()}
        return json.loads(meta["avro.schema"]), meta, list(r)


live = {}
for s in md.get("snapshots", []):
    schema, meta, manifests = read(s["manifest-list"])
    check(schema.get("name") == "manifest_file", "manifest list record is not named manifest_file")
    fields = check_fields("manifest_file", schema, MANIFEST_FILE)
    parts = record_of(fields["partitions"]["type"])
    check_fields("manifest_file.partitions.element", parts["items"], SUMMARY)
    check(parts.get("element-id") == 508, "partitions list element-id is not 508")
    check(meta.get("snapshot-id", b"").decode() == str(s["snapshot-id"]), "manifest list snapshot-id header")
    check(meta.get("format-version", b"").decode() == "2", "manifest list format-version header")
    for m in manifests:
        check(m["sequence_number"] <= s["sequence-number"], "manifest sequence number above its snapshot's")
        mschema, mmeta, entries = read(m["manifest_path"])
        efields = check_fields("manifest_entry", mschema, ENTRY)
        dfields = check_fields("data_file", efields["data_file"]["type"], DATA_FILE)
        for name, (kid, vid) in MAP_IDS.items():
            arr = record_of(dfields[name]["type"])
            kv = {f["name"]: f.get("field-id") for f in arr["items"]["fields"]}
            check(kv == {"key": kid, "value": vid}, f"data_file.{name}: key/value ids {kv}, spec says {kid}/{vid}")
        for key in ["schema", "partition-spec", "partition-spec-id", "format-version", "content"]:
            check(key in mmeta, f"manifest header {key} is missing")
        check(len(entries) == (m["added_files_count"] + m["existing_files_count"] + m["deleted_files_count"]),
              "manifest entry count differs from the manifest list's counts")
        if s["snapshot-id"] != md.get("current-snapshot-id"):
            continue
        for e in entries:
            snapshot_id = e["snapshot_id"] if e["snapshot_id"] is not None else m["added_snapshot_id"]
            check(snapshot_id is not None, "entry without snapshot id")
            if e["status"] != 2 and e["data_file"]["content"] == 0:
                live[e["data_file"]["file_path"]] = e["data_file"]["record_count"]

if errors:
    print("\n".join(errors))
    sys.exit(1)
with open(files_out, "w") as out:
    for path in sorted(live):
        out.write(path + "\n")
print(sum(live.values()))
