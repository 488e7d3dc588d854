// Validates the element templates analysts see in Camunda Modeler (.camunda/element-templates/*.json) against
// Camunda's element-template JSON schema (the one their "$schema" names), as Modeler itself does when it loads them.
// Run by .ci/run after `npm ci`; exits 1 naming each template and problem.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateAll } from '@bpmn-io/element-templates-validator';

const dir = '.camunda/element-templates';
let failed = false;
let count = 0;
for (const file of readdirSync(dir).filter(f => f.endsWith('.json')).sort()) {
  const templates = JSON.parse(readFileSync(join(dir, file), 'utf-8'));
  const { valid, results } = validateAll(Array.isArray(templates) ? templates : [ templates ]);
  count += results.length;
  if (!valid) {
    failed = true;
    results.forEach((result, i) => {
      for (const error of result.errors || []) {
        console.error(`${file}: template ${templates[i].id}: ${error.message} at ${error.dataPath || '/'}`);
      }
    });
  }
}
if (failed) {
  process.exit(1);
}
console.log(`ci: ${count} element template(s) in ${dir} match Camunda's schema`);
