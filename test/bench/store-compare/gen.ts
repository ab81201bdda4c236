import { writeGeneratedGraph } from '../generate-graph.ts';
const [dir, n] = process.argv.slice(2);
const g = await writeGeneratedGraph(dir!, Number(n));
console.log(dir, g.resources);
