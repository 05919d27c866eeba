// Writes schema/workflow-definition.schema.json from the compiled codec (run after tsc by `build`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { workflowDefinitionSchema } from '../dist/codec/schema.js';

const target = new URL('../schema/workflow-definition.schema.json', import.meta.url);
mkdirSync(new URL('.', target), { recursive: true });
writeFileSync(target, `${JSON.stringify(workflowDefinitionSchema, null, 2)}\n`);
