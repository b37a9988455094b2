// Test support: lets a plain `node` child process require the platform's TypeScript sources
// (node -r ./register-ts.cjs child.cjs), transpiled on the fly with the repository's TypeScript.
// Tests use it to race real processes against each other on one settings.json.
"use strict";
const { readFileSync } = require("node:fs");
const ts = require("typescript");

require.extensions[".ts"] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, "utf8"), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};
