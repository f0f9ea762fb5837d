// What both wire checks share: the AWS SDK packages from the repository's tools/node, and required environment.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// ESM ignores NODE_PATH, so the SDK is resolved from the tools/node package.
const toolsPackage = new URL('../../../tools/node/package.json', import.meta.url);
const sdkRequire = createRequire(toolsPackage);

/** require() for the named @aws-sdk packages, or exit 2 saying how to install them. */
export const requireSdk = (...packages) => {
  for (const name of packages) {
    if (!existsSync(new URL(`./node_modules/${name}`, toolsPackage))) {
      console.error(`${name} not installed: run (cd ${fileURLToPath(new URL('.', toolsPackage))} && npm ci)`);
      process.exit(2);
    }
  }
  return packages.map((name) => sdkRequire(name));
};

/** The environment variable's value, or exit 2 naming it. */
export const env = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`Missing environment variable ${name}`);
    process.exit(2);
  }
  return value;
};
