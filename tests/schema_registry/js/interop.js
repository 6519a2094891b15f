// Confluent's own JavaScript schema registry client and serdes, as an
// independent peer of the embedded registry and of the project's converters.
// Driven by ../test_js_interop.py:
//
//   node interop.js registry <url>
//       exercises the registry API (register, lookup, latest, versions,
//       subjects, config, compatibility, deletes) and prints what it saw as JSON;
//   node interop.js serialize <url> <format> <topic> <rows.json> <outdir>
//       registers the test schema of <format> under <topic>-value and writes
//       each row serialised in Confluent's wire format to <outdir>/<n>.bin;
//   node interop.js deserialize <url> <format> <topic> <file>...
//       prints the rows the deserialiser reads from those files, as JSON;
//   node interop.js header-serialize <url> <format> <topic> <rows.json> <outdir>
//       as serialize, with the schema id in the __value_schema_id header
//       (HeaderSchemaIdSerializer): the payload to <n>.bin, the header's
//       value to <n>.hdr;
//   node interop.js header-deserialize <url> <format> <topic> <file>...
//       as deserialize, each file's __value_schema_id header read from <file>.hdr;
//   node interop.js evolve <url> <topic> <outdir>
//       writes Avro records with two versions of a schema (the second adds
//       a field with a default) to <outdir>/<n>.bin;
//   node interop.js references <url> <outdir>
//       serialises a Protobuf record whose type imports another file (the
//       import registered as a reference) to <outdir>/0.bin, and reads it
//       back;
//   node interop.js batch <url> <jobs.json>
//       runs a list of the commands above ([["serialize", args...], ...]) in
//       one process (node takes seconds to load the client) and prints their
//       results as one JSON array.
//
// <format> is "avro", "json" or "protobuf".
'use strict';
const fs = require('fs');
const path = require('path');
const pb = require('@bufbuild/protobuf');
const wkt = require('@bufbuild/protobuf/wkt');
const sr = require('@confluentinc/schemaregistry');

// The rows' schema in each format, as the sink connector needs it: a record
// of id, name, amount and two nullable columns.
const FORMATS = {
  avro: {
    schemaType: 'AVRO',
    schema: {
      type: 'record', name: 'orders', namespace: 'js.interop', fields: [
        {name: 'id', type: 'long'},
        {name: 'name', type: 'string'},
        {name: 'amount', type: 'double'},
        {name: 'qty', type: ['null', 'long'], default: null},
        {name: 'note', type: ['null', 'string'], default: null},
      ],
    },
    Serializer: sr.AvroSerializer,
    Deserializer: sr.AvroDeserializer,
  },
  json: {
    schemaType: 'JSON',
    schema: {
      type: 'object', title: 'orders', additionalProperties: false,
      properties: {
        id: {type: 'integer'},
        name: {type: 'string'},
        amount: {type: 'number'},
        qty: {oneOf: [{type: 'null'}, {type: 'integer'}]},
        note: {oneOf: [{type: 'null'}, {type: 'string'}]},
      },
      required: ['id', 'name', 'amount'],
    },
    Serializer: sr.JsonSerializer,
    Deserializer: sr.JsonDeserializer,
  },
  // Registered as .proto text; Confluent's Protobuf serdes read it back as a
  // serialized descriptor (format=serialized). Nullable columns are proto3
  // optional fields, as ProtobufConverter writes them with optional.for.nullables.
  protobuf: {
    schemaType: 'PROTOBUF',
    text: [
      'syntax = "proto3";',
      'message orders {',
      '  int64 id = 1;',
      '  string name = 2;',
      '  double amount = 3;',
      '  optional int64 qty = 4;',
      '  optional string note = 5;',
      '}',
    ].join('\n'),
    Serializer: sr.ProtobufSerializer,
    Deserializer: sr.ProtobufDeserializer,
  },
};

function schemaText(f) {
  return f.text != null ? f.text : JSON.stringify(f.schema);
}

// Protobuf messages are built from the descriptor the registry serves,
// and carry their type name; the other formats serialise plain objects.
async function messages(c, name, subject, rows) {
  if (name !== 'protobuf') return {rows, conf: {}};
  const latest = await c.getLatestSchemaMetadata(subject, 'serialized');
  const file = pb.fromBinary(wkt.FileDescriptorProtoSchema, Buffer.from(latest.schema, 'base64'));
  const registry = pb.createMutableRegistry(pb.createFileRegistry(file, () => undefined));
  const desc = registry.getMessage('orders');
  const big = (v) => (v == null ? undefined : BigInt(v));
  return {
    conf: {registry},
    rows: rows.map((r) => pb.create(desc, {
      id: big(r.id), name: r.name, amount: r.amount, qty: big(r.qty), note: r.note ?? undefined,
    })),
  };
}

function client(url) {
  return new sr.SchemaRegistryClient({baseURLs: [url], cacheCapacity: 100, maxRetries: 0});
}

function format(name) {
  const f = FORMATS[name];
  if (!f) throw new Error('unknown format ' + name);
  return f;
}

// Confluent's two-step deletes (soft, then permanent) as its client makes
// them, with the error codes of the refused ones.
async function deletes(c, v1, v2) {
  const subject = 'js-delete-value';
  const code = async (call) => {
    try {
      await call();
      return null;
    } catch (e) {
      return e.errorCode;
    }
  };
  await c.register(subject, v1);
  await c.register(subject, v2);
  const out = {};
  out.version = await c.deleteSubjectVersion(subject, 2, false);
  out.versionsLeft = await c.getAllVersions(subject);
  out.permanentFirst = await code(() => c.deleteSubjectVersion(subject, 1, true));
  out.subject = await c.deleteSubject(subject, false);
  out.listed = (await c.getAllSubjects()).includes(subject);
  out.softTwice = await code(() => c.deleteSubject(subject, false));
  out.permanent = await c.deleteSubject(subject, true);
  out.gone = await code(() => c.deleteSubject(subject, true));
  return out;
}

// The registry API as Confluent's client calls it; the answers for the test to check.
async function registry(url) {
  const c = client(url);
  const subject = 'js-api-value';
  const v1 = {schemaType: 'AVRO', schema: JSON.stringify(FORMATS.avro.schema)};
  const withDefault = JSON.parse(JSON.stringify(FORMATS.avro.schema));
  withDefault.fields.push({name: 'region', type: 'string', default: 'eu'});
  const withoutDefault = JSON.parse(JSON.stringify(FORMATS.avro.schema));
  withoutDefault.fields.push({name: 'priority', type: 'int'});
  const v2 = {schemaType: 'AVRO', schema: JSON.stringify(withDefault)};
  const bad = {schemaType: 'AVRO', schema: JSON.stringify(withoutDefault)};
  const out = {};
  out.id1 = await c.register(subject, v1);
  out.lookup = (await c.getIdFullResponse(subject, v1)).version;
  out.compatible = await c.testCompatibility(subject, 'latest', v2);
  out.incompatible = await c.testCompatibility(subject, 'latest', bad);
  out.id2 = await c.register(subject, v2);
  try {
    await c.register(subject, bad);
    out.refused = null;
  } catch (e) {
    out.refused = {status: e.status, code: e.errorCode, message: e.message};
  }
  const latest = await c.getLatestSchemaMetadata(subject);
  out.latest = {id: latest.id, version: latest.version, subject: latest.subject};
  out.byId = JSON.parse((await c.getBySubjectAndId(subject, out.id1)).schema);
  out.versions = await c.getAllVersions(subject);
  out.subjects = await c.getAllSubjects();
  out.defaultCompatibility = await c.getDefaultCompatibility();
  out.setCompatibility = await c.updateCompatibility(subject, 'FULL');
  out.compatibility = await c.getCompatibility(subject);
  const json = {schemaType: 'JSON', schema: JSON.stringify(FORMATS.json.schema)};
  const jsonId = await c.register('js-api-json-value', json);
  out.jsonType = (await c.getBySubjectAndId('js-api-json-value', jsonId)).schemaType;
  out.deletes = await deletes(c, v1, v2);
  return out;
}

async function serialize(url, name, topic, rowsFile, outdir, inHeader = false) {
  const f = format(name);
  const c = client(url);
  await c.register(topic + '-value', {schemaType: f.schemaType, schema: schemaText(f)});
  const {rows, conf} = await messages(c, name, topic + '-value',
                                      JSON.parse(fs.readFileSync(rowsFile, 'utf8')));
  const ser = new f.Serializer(c, sr.SerdeType.VALUE, {
    useLatestVersion: true, autoRegisterSchemas: false, ...conf,
    ...(inHeader ? {schemaIdSerializer: sr.HeaderSchemaIdSerializer} : {}),
  });
  for (let i = 0; i < rows.length; ++i) {
    const headers = {};
    fs.writeFileSync(path.join(outdir, i + '.bin'), await ser.serialize(topic, rows[i], headers));
    if (inHeader) fs.writeFileSync(path.join(outdir, i + '.hdr'), headers[sr.VALUE_SCHEMA_ID_HEADER]);
  }
  return rows.length;
}

async function evolve(url, topic, outdir) {
  const c = client(url);
  const v1 = FORMATS.avro.schema;
  const v2 = JSON.parse(JSON.stringify(v1));
  v2.fields.push({name: 'region', type: 'string', default: 'eu'});
  const written = [];
  for (const [schema, rows] of [
    [v1, [{id: 1, name: 'old', amount: 1, qty: null, note: null}]],
    [v2, [{id: 2, name: 'new', amount: 2, qty: 5, note: 'v2', region: 'us'}]]]) {
    await c.register(topic + '-value', {schemaType: 'AVRO', schema: JSON.stringify(schema)});
    // A fresh client: the serialiser must see the version just registered as the latest.
    const ser = new sr.AvroSerializer(client(url), sr.SerdeType.VALUE,
                                      {useLatestVersion: true, autoRegisterSchemas: false});
    for (const row of rows) {
      fs.writeFileSync(path.join(outdir, written.length + '.bin'), await ser.serialize(topic, row));
      written.push(row);
    }
  }
  return written.length;
}

// A producer whose Protobuf type imports another file: shop.Order in
// shop/order.proto, its total a shop.Money of shop/money.proto. The
// serialiser registers both (the import first, under its import name, as a
// reference of the other) and writes one Order to <outdir>/0.bin; the
// deserialiser reads it back through the registry. Returns the schema id
// and what the deserialiser read.
async function references(url, outdir) {
  const c = client(url);
  const file = (init) => pb.create(wkt.FileDescriptorProtoSchema, {syntax: 'proto3', ...init});
  const field = (name, number, type, typeName) =>
    ({name, number, label: 1, type, jsonName: name, ...(typeName ? {typeName} : {})});
  const moneyFile = file({name: 'shop/money.proto', package: 'shop', messageType: [
    {name: 'Money', field: [field('currency', 1, 9), field('units', 2, 3)]}]});
  const orderFile = file({name: 'shop/order.proto', package: 'shop',
                          dependency: ['shop/money.proto'], messageType: [
    {name: 'Order', field: [field('id', 1, 5), field('total', 2, 11, '.shop.Money')]}]});
  const registry = pb.createMutableRegistry(pb.createFileRegistry(
      orderFile, (name) => (name === moneyFile.name ? moneyFile : undefined)));
  const msg = pb.create(registry.getMessage('shop.Order'), {
    id: 7, total: pb.create(registry.getMessage('shop.Money'), {currency: 'EUR', units: 12n}),
  });
  const ser = new sr.ProtobufSerializer(c, sr.SerdeType.VALUE, {autoRegisterSchemas: true, registry});
  const bytes = await ser.serialize('refs', msg);
  fs.writeFileSync(path.join(outdir, '0.bin'), bytes);
  const de = new sr.ProtobufDeserializer(client(url), sr.SerdeType.VALUE, {});
  const back = await de.deserialize('refs', bytes);
  return {id: (await c.getLatestSchemaMetadata('refs-value')).id,
          read: {id: back.id, currency: back.total.currency, units: back.total.units}};
}

async function deserialize(url, name, topic, files, inHeader = false) {
  const f = format(name);
  const de = new f.Deserializer(client(url), sr.SerdeType.VALUE, {});
  const out = [];
  for (const file of files) {
    const headers = inHeader ? {[sr.VALUE_SCHEMA_ID_HEADER]: fs.readFileSync(file + '.hdr')} : {};
    const msg = await de.deserialize(topic, fs.readFileSync(file), headers);
    // Unset proto3 optional fields are absent: print them as nulls.
    if (name === 'protobuf') for (const k of ['qty', 'note']) msg[k] = msg[k] ?? null;
    out.push(msg);
  }
  return out;
}

async function run(cmd, url, rest) {
  if (cmd === 'registry') return await registry(url);
  if (cmd === 'serialize') return await serialize(url, ...rest);
  if (cmd === 'evolve') return await evolve(url, ...rest);
  if (cmd === 'references') return await references(url, ...rest);
  if (cmd === 'deserialize') return await deserialize(url, rest[0], rest[1], rest.slice(2));
  if (cmd === 'header-serialize') return await serialize(url, ...rest.slice(0, 4), true);
  if (cmd === 'header-deserialize')
    return await deserialize(url, rest[0], rest[1], rest.slice(2), true);
  if (cmd === 'batch') {
    const out = [];
    for (const [c, ...args] of JSON.parse(fs.readFileSync(rest[0], 'utf8')))
      out.push(await run(c, url, args));
    return out;
  }
  throw new Error(
      'usage: interop.js registry|serialize|deserialize|header-serialize|header-deserialize|' +
      'evolve|references|batch <url> ...');
}

async function main() {
  const [cmd, url, ...rest] = process.argv.slice(2);
  const result = await run(cmd, url, rest);
  // Longs arrive as BigInt from some serdes: print them as numbers.
  process.stdout.write(JSON.stringify(result, (k, v) => typeof v === 'bigint' ? Number(v) : v));
}

main().catch((e) => {
  process.stderr.write((e && e.stack) || String(e));
  process.exit(1);
});
