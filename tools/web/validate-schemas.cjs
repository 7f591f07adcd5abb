// Compiles a JSON Schema with ajv, as JavaScript tools (VS Code's YAML extension among them)
// compile it: every `pattern` is a RegExp with the u flag, so only ECMA-262 syntax passes.
// Then validates each instance (a JSON file) against it.
//
//   node validate-schemas.cjs SCHEMA.json [INSTANCE.json ...]
//
// Prints one line per problem and exits 1 when the schema or an instance is invalid.
"use strict";
const fs = require("node:fs");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const [schemaFile, ...instanceFiles] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
// The schemas' own annotation: which strings go through the translation catalogues.
ajv.addKeyword("x-translatable");

let validate;
try {
  validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
} catch (error) {
  console.log(`${schemaFile}: ${error.message}`);
  process.exit(1);
}
let failed = false;
for (const file of instanceFiles) {
  if (!validate(JSON.parse(fs.readFileSync(file, "utf8")))) {
    failed = true;
    for (const error of validate.errors) {
      console.log(`${file}: ${error.instancePath || "/"} ${error.message}`);
    }
  }
}
process.exit(failed ? 1 : 0);
