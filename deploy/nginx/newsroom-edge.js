// The edge cache's generation for Newsroom (nginx's njs, Debian package libnginx-mod-http-js).
// Installed as /etc/nginx/newsroom-edge.js; deploy/nginx/newsroom.conf uses it, docs/deploy.md
// ("Edge cache and purge") explains it.
//
// Every cached page's key ends with the current generation, read from a small file. A purge
// (POST from the app, articles/edge_purge.py) writes a new, never-repeated value there, so every
// page cached before it is ignored from then on: one request drops the whole site at this edge.
// Old entries are never served again; nginx removes them when `inactive` or `max_size` says so.
import fs from 'fs';

function newGeneration(path) {
    const value = Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
    const temporary = path + '.' + value;
    fs.writeFileSync(temporary, value);
    fs.renameSync(temporary, path);  // atomic: a reader sees the old value or the new one
    return value;
}

// js_set $newsroom_generation: the current generation (a missing file gets a fresh one, never an
// old value back, so a lost file cannot bring back pages purged before).
function generation(r) {
    const path = r.variables.newsroom_generation_file;
    try {
        return fs.readFileSync(path, 'utf8').trim();
    } catch (e) {
        try {
            return newGeneration(path);
        } catch (error) {
            r.error('newsroom edge: cannot keep the generation in ' + path + ': ' + error);
            return 'uncached-' + Math.random();  // nothing is shared until the file can be written
        }
    }
}

// js_content at the purge endpoint: POST writes a new generation.
function purge(r) {
    if (r.method !== 'POST' && r.method !== 'PURGE') {
        r.return(405, 'POST only\n');
        return;
    }
    try {
        r.return(200, 'purged ' + newGeneration(r.variables.newsroom_generation_file) + '\n');
    } catch (error) {
        r.error('newsroom edge: purge failed: ' + error);
        r.return(500, 'purge failed\n');
    }
}

export default {generation, purge};
