#!/usr/bin/env node
// `npm start`: install dependencies if missing, then serve the app on http://127.0.0.1:5173 .
// The demo experiment is one click away on the start page (and opens automatically the first time).
import { ensureDependencies, run } from './ensure.mjs';

ensureDependencies();
run('npx vite --host 127.0.0.1 --port 5173 --open=false');
