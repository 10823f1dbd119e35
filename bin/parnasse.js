#!/usr/bin/env node
// The parnasse command: runs the bundled CLI (npm run build makes dist/).
import { main } from '../dist/main.js';

main();
