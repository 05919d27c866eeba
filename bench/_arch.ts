import { benchArchive } from './archive.js';
const line = (l: string, v: string) => console.log(l.padEnd(60), v);
for (let i = 0; i < 3; i++) await benchArchive(line, (x) => `${x.toFixed(1)} ms`);
