#!/usr/bin/env node
// `npm run build` starts clean: compiled files of sources that were moved or deleted would still
// be imported from dist/ (the library) or dist-dev/ (the development tools) otherwise.
import { rmSync } from "node:fs";

for (const dir of ["dist", "dist-dev"]) rmSync(new URL(`../${dir}`, import.meta.url), { recursive: true, force: true });
