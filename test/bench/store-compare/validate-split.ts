// Time the SHACL half and the checks half of validation separately.
const [root, dir] = process.argv.slice(2);
const { loadGraph } = await import(`${root}/src/load/load-graph.ts`);
const { loadChecks, loadShapes, validateShapes, runChecks, prepareShapes } = await import(`${root}/src/validate/validate.ts`);
const { store } = await loadGraph([`${dir}/ontology`, `${dir}/data`]);
const shapes = await loadShapes(`${dir}/ontology/shapes`);
const checks = await loadChecks(`${dir}/ontology/checks`);
let t0 = performance.now();
const prepared = prepareShapes(shapes);
console.log('prepare', Math.round(performance.now() - t0));
t0 = performance.now();
await validateShapes(store.asDatasetView(), prepared);
console.log('shacl', Math.round(performance.now() - t0));
t0 = performance.now();
await runChecks(store, checks);
console.log('checks', Math.round(performance.now() - t0));
