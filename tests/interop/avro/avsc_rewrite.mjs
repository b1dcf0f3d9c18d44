// Reads an Avro file with avsc and writes its records to a new file.
// usage: node avro/avsc_rewrite.mjs SRC DST CODEC   (null or deflate; prints the record count)
import avro from 'avsc';
const [src, dst, codec] = process.argv.slice(2);
const records = [];
let type;
avro.createFileDecoder(src)
  .on('metadata', (t) => { type = t; })
  .on('data', (r) => records.push(r))
  .on('error', (e) => { console.error(String(e)); process.exit(1); })
  .on('end', () => {
    const enc = avro.createFileEncoder(dst, type, { codec });
    for (const r of records) enc.write(r);
    enc.end();
    enc.on('finish', () => console.log(records.length));
  });
