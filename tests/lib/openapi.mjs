// The API description, docs/openapi.yaml, for the tests: a reader for the
// YAML it is written in, and a check of any answer against it. Client.req
// and ApiClient.req (server.mjs) pass every answer through checkResponse, so
// a route, a status, a media type or a body that the document does not
// describe fails the test that met it.
//
// The check finds the operation by method and path (a {name} segment
// matches one segment, literal segments win, as in the router), then its
// response for the status (else "4XX" style, else "default", else one of
// the document's x-common-responses, which any operation may give). A JSON body
// is validated against the response's schema with Ajv (JSON Schema 2020-12,
// which OpenAPI 3.1 schemas are; $ref resolved within the document), each
// schema compiled once; a field of a JSON answer that its schema does not
// describe fails too, whether or not the schema closes the object
// (undeclared()). Other media types (CSV, a package) are checked only
// for being the documented one. A path the document does not have must
// answer 404, and a method it does not document for a path 405, each with
// the error shape. Paths outside /api/, /agent/, /downloads/
// and the health checks are the console's static files, not the API.
import { appendFileSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export const docPath = new URL('../../docs/openapi.yaml', import.meta.url);

export function readDoc() {
  return readFileSync(docPath, 'utf8');
}

/*
 * A reader for the part of YAML the document is written in: block mappings
 * and sequences (a sequence indented under its key), flow collections on
 * one line, plain, single- and double-quoted scalars, literal block scalars
 * (| and |-) and comments. Anything else throws, naming the line, rather
 * than being read wrongly.
 */
export function parseYaml(text, name = 'docs/openapi.yaml') {
  const raw = text.split('\n');
  let pos = 0;
  const fail = (msg) => { throw new Error(`${name} line ${pos + 1}: ${msg}`); };
  const indentOf = (l) => l.length - l.trimStart().length;
  const insignificant = (l) => l.trim() === '' || l.trimStart().startsWith('#');
  const isItem = (l) => /^ *-( |$)/.test(l);

  function peek() {
    while (pos < raw.length && insignificant(raw[pos])) pos++;
    return pos < raw.length ? raw[pos] : null;
  }

  function plainValue(s) {
    if (s === '' || s === '~' || s === 'null') return null;
    if (s === 'true') return true;
    if (s === 'false') return false;
    if (/^[-+]?\d+$/.test(s)) return Number(s);
    if (/^[-+]?\d*\.\d+$/.test(s)) return Number(s);
    if (/^(yes|no|on|off|y|n)$/i.test(s)) fail(`ambiguous plain scalar "${s}": quote it`);
    if (/^[&*!|>%@`]/.test(s)) fail(`unsupported YAML syntax: ${s}`);
    return s;
  }

  // One-line flow values: {..}, [..], quoted and plain scalars.
  function flow(s) {
    let i = 0;
    const ws = () => { while (s[i] === ' ') i++; };
    function quoted() {
      if (s[i] === '"') {
        const m = s.slice(i).match(/^"(?:[^"\\]|\\.)*"/);
        if (!m) fail('unterminated double-quoted string');
        i += m[0].length;
        return JSON.parse(m[0]);
      }
      const m = s.slice(i).match(/^'(?:[^']|'')*'/);
      if (!m) fail('unterminated single-quoted string');
      i += m[0].length;
      return m[0].slice(1, -1).replace(/''/g, "'");
    }
    function plain(inFlow) {
      const start = i;
      while (i < s.length) {
        const c = s[i];
        if (inFlow && (c === ',' || c === ']' || c === '}')) break;
        if (c === ':' && (i + 1 === s.length || ' ,]}'.includes(s[i + 1]))) break;
        if (c === '#' && s[i - 1] === ' ') break;
        i++;
      }
      return plainValue(s.slice(start, i).trim());
    }
    function node(inFlow) {
      ws();
      if (s[i] === '{') {
        i++;
        const out = {};
        for (ws(); s[i] !== '}'; ws()) {
          const k = s[i] === '"' || s[i] === "'" ? quoted() : plain(true);
          ws();
          if (s[i] !== ':') fail(`expected ':' in flow mapping: ${s}`);
          i++;
          out[k] = node(true);
          ws();
          if (s[i] === ',') i++;
          else if (s[i] !== '}') fail(`expected ',' or '}': ${s}`);
        }
        i++;
        return out;
      }
      if (s[i] === '[') {
        i++;
        const out = [];
        for (ws(); s[i] !== ']'; ws()) {
          out.push(node(true));
          ws();
          if (s[i] === ',') i++;
          else if (s[i] !== ']') fail(`expected ',' or ']': ${s}`);
        }
        i++;
        return out;
      }
      if (s[i] === '"' || s[i] === "'") return quoted();
      return plain(inFlow);
    }
    const v = node(false);
    ws();
    if (i < s.length && s[i] !== '#') fail(`unexpected text after a value: ${s.slice(i)}`);
    return v;
  }

  // What follows "key:" (or "-") on a line at indentation ind.
  function value(rest, ind) {
    if (rest === '') {
      const l = peek();
      if (l === null || indentOf(l) <= ind) return null;
      return block(indentOf(l));
    }
    if (rest === '|' || rest === '|-') {
      const body = [];
      while (pos < raw.length && (raw[pos].trim() === '' || indentOf(raw[pos]) > ind)) body.push(raw[pos++]);
      while (body.length && body[body.length - 1].trim() === '') body.pop();
      if (!body.length) return '';
      const cut = indentOf(body[0]);
      const s = body.map((l) => l.slice(cut)).join('\n');
      return rest === '|' ? `${s}\n` : s;
    }
    if (/^[|>]/.test(rest)) fail(`unsupported block scalar: ${rest}`);
    return flow(rest);
  }

  function splitKey(s) {
    const m = s.match(/^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'{}[\],#&*!|>%@`-][^:]*?|-[^\s:][^:]*?)\s*:(?: +(.*))?$/);
    if (!m) return null;
    const key = m[1].startsWith('"') ? JSON.parse(m[1])
      : m[1].startsWith("'") ? m[1].slice(1, -1).replace(/''/g, "'") : m[1];
    return { key, rest: (m[2] ?? '').trim() };
  }

  function mapping(ind) {
    const out = {};
    for (let l; (l = peek()) !== null && indentOf(l) === ind;) {
      if (isItem(l)) fail('a sequence where a mapping key was expected');
      const kv = splitKey(l.slice(ind));
      if (!kv) fail(`not a "key: value" line: ${l.trim()}`);
      if (Object.hasOwn(out, kv.key)) fail(`duplicate key ${kv.key}`);
      pos++;
      out[kv.key] = value(kv.rest, ind);
    }
    return out;
  }

  function sequence(ind) {
    const out = [];
    for (let l; (l = peek()) !== null && indentOf(l) === ind && isItem(l);) {
      const item = l.slice(ind + 1).trim();
      if (item === '') {
        pos++;
        out.push(value('', ind));
      } else if (!/^[{["']/.test(item) && splitKey(item)) {
        // "- key: value" opens a mapping whose keys sit two columns in.
        raw[pos] = ' '.repeat(ind + 2) + l.slice(ind + 2);
        out.push(mapping(ind + 2));
      } else {
        pos++;
        out.push(flow(item));
      }
    }
    return out;
  }

  function block(ind) {
    return isItem(peek()) ? sequence(ind) : mapping(ind);
  }

  const doc = block(0);
  if (peek() !== null) fail('text left over after the document');
  return doc;
}

let cached = null;

// The document as an object (read once per process).
export function loadDoc() {
  if (!cached) cached = parseYaml(readDoc());
  return cached;
}

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// "#/a/b~1c" -> the value it points at in doc, and the pointer itself.
function pointerEscape(s) {
  return String(s).replace(/~/g, '~0').replace(/\//g, '~1');
}

function deref(doc, node, at) {
  for (let hops = 0; node && typeof node.$ref === 'string'; hops++) {
    if (hops > 10) throw new Error(`docs/openapi.yaml: a $ref loop at ${node.$ref}`);
    if (!node.$ref.startsWith('#/')) throw new Error(`docs/openapi.yaml: only local references: ${node.$ref}`);
    at = node.$ref;
    node = node.$ref.slice(2).split('/')
      .reduce((x, p) => x?.[p.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    if (node === undefined) throw new Error(`docs/openapi.yaml: ${at} does not exist`);
  }
  return { node, at };
}

// The operations by method, with a matcher for each path template.
let routes = null;
function routeTable(doc) {
  if (routes) return routes;
  routes = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    const segs = template.split('/');
    const re = new RegExp('^' + segs.map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+'
      : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/') + '$');
    const literal = segs.filter((s) => !s.startsWith('{')).length;
    routes.push({ template, item, re, literal });
  }
  routes.sort((a, b) => b.literal - a.literal);
  return routes;
}

// The documented operation for METHOD path (query string ignored), or a
// reason why there is none.
export function findOperation(method, path) {
  const doc = loadDoc();
  const bare = path.split('?')[0];
  const m = method.toLowerCase();
  const matches = routeTable(doc).filter((r) => r.re.test(bare));
  if (!matches.length) return { problem: 'no documented path matches it' };
  const r = matches.find((x) => x.item[m] || (m === 'head' && x.item.get));
  if (!r) return { template: matches[0].template, problem: `${matches[0].template} documents no ${method.toUpperCase()}` };
  const op = r.item[m] ? m : 'get';
  return { template: r.template, op: r.item[op], pointer: `#/paths/${pointerEscape(r.template)}/${op}` };
}

let ajv = null;
const validators = new Map();

function validator(pointer) {
  let v = validators.get(pointer);
  if (!v) {
    if (!ajv) {
      ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      // OpenAPI's own formats: hints for forms and tools, not checks.
      ajv.addFormat('password', true);
      ajv.addFormat('binary', true);
      // The document itself is no schema: it is not checked against the
      // meta-schema (seconds), only the schemas compiled from it are.
      ajv.addSchema(loadDoc(), 'steward:openapi', undefined, false);
    }
    v = ajv.compile({ $ref: `steward:openapi${pointer}` });
    validators.set(pointer, v);
  }
  return v;
}

function mediaType(headers) {
  return (headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
}

const isJson = (t) => t === 'application/json' || t.endsWith('+json');

// Paths that the API document covers; anything else is a static file.
const API_PATH = /^\/(api|agent|downloads)\/|^\/(healthz|readyz)(\?|$)/;

/*
 * Check one answer against the document: { method, path, status, headers,
 * text, json } (json: the parsed body or null). Returns null when it is
 * what the document says, else a message naming the method, the path, the
 * status and what does not match.
 */
export function contractProblem({ method, path, status, headers, text, json }) {
  if (!API_PATH.test(path)) return null;
  const doc = loadDoc();
  const where = `${method} ${path} answered ${status}`;
  const found = findOperation(method, path);
  if (!found.op) {
    // Nothing documented is nothing there: the error answers every API
    // path has (404 for a path, 405 for a method the path does not have).
    const expected = found.template ? 405 : 404;
    if (status !== expected) return `${where}: the route is not in docs/openapi.yaml (${found.problem})`;
    if (mediaType(headers) !== 'application/json') return `${where}: Content-Type ${mediaType(headers)}, not an error`;
    const validate = validator('#/components/schemas/Error');
    return validate(json) ? null : `${where}: not the error shape:\n${describe(validate.errors, text)}`;
  }
  const own = found.op.responses || {};
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => Object.hasOwn(own, k));
  const common = doc['x-common-responses'] || {};
  if (!key && !Object.hasOwn(common, String(status))) {
    return `${where}: docs/openapi.yaml documents no ${status} for ${method} ${found.template} `
      + `(it documents ${Object.keys(own).join(', ')}, and every operation ${Object.keys(common).join(', ')})`;
  }
  const { node: resp, at } = key ? deref(doc, own[key], `${found.pointer}/responses/${key}`)
    : deref(doc, common[status], `#/x-common-responses/${status}`);
  const content = resp.content || {};
  const type = mediaType(headers);
  const empty = text === '' || method === 'HEAD';
  const documented = Object.keys(content);
  if (!documented.length) {
    if (empty) return null;
    return `${where}: a ${type || 'untyped'} body, but the document's ${found.template} ${key} has none`;
  }
  if (empty) return `${where}: an empty body, but the document's ${found.template} ${key} has ${documented.join(', ')}`;
  if (!Object.hasOwn(content, type)) {
    return `${where}: Content-Type ${type || '(none)'}, but the document's ${found.template} ${key} `
      + `has ${documented.join(', ')}`;
  }
  if (!isJson(type) || !content[type].schema) return null;
  if (json === null && text.trim() !== 'null') return `${where}: the body is not JSON: ${text.slice(0, 200)}`;
  const validate = validator(`${at}/content/${pointerEscape(type)}/schema`);
  if (!validate(json)) {
    return `${where}: the body does not match the document's ${found.template} ${key}:\n${describe(validate.errors, text)}`;
  }
  const extra = undeclared(doc, content[type].schema, json, 'body');
  if (!extra.length) return null;
  return `${where}: the body has fields the document's ${found.template} ${key} does not describe: `
    + `${extra.slice(0, 8).join(', ')}\n  body: ${text.slice(0, 600)}`;
}

/*
 * The fields of value that schema does not describe, as paths ("body.x.y"):
 * an answer may not carry what the document leaves out, even where the
 * schema does not say additionalProperties: false (most answers' schemas
 * leave it open, for clients to ignore what they do not know). An object
 * is described by the properties of its schema, of every allOf part and
 * of every oneOf/anyOf branch that is an object (but for a branch whose
 * const properties the value does not match); a schema that declares no
 * properties, or allows additional or pattern properties, describes any
 * field (whose values are then checked against additionalProperties when
 * it is a schema).
 */
function undeclared(doc, schema, value, path, out = []) {
  const parts = [];
  // A oneOf/anyOf branch whose properties fix a value (const) that this
  // value does not have is not the branch that describes it.
  const other = (node) => value !== null && typeof value === 'object' && node.properties
    && Object.entries(node.properties).some(([k, p]) => p && Object.hasOwn(p, 'const')
      && Object.hasOwn(value, k) && value[k] !== p.const);
  const gather = (node, branch = false) => {
    node = deref(doc, node, '').node;
    if (!node || typeof node !== 'object' || (branch && other(node))) return;
    parts.push(node);
    for (const sub of node.allOf || []) gather(sub);
    for (const k of ['oneOf', 'anyOf']) for (const sub of node[k] || []) gather(sub, true);
  };
  gather(schema);
  if (Array.isArray(value)) {
    const items = parts.map((p) => p.items).filter((x) => x && typeof x === 'object');
    if (items.length) value.forEach((v, i) => undeclared(doc, { anyOf: items }, v, `${path}[${i}]`, out));
    return out;
  }
  if (value === null || typeof value !== 'object') return out;
  const withProps = parts.filter((p) => p.properties);
  const isObject = (p) => p.type === 'object' || (Array.isArray(p.type) && p.type.includes('object'));
  const open = parts.filter((p) => p.patternProperties || (p.additionalProperties !== undefined
    && p.additionalProperties !== false) || (isObject(p) && !p.properties && !p.allOf && !p.oneOf
    && !p.anyOf && p.additionalProperties === undefined));
  for (const [k, v] of Object.entries(value)) {
    const declared = withProps.map((p) => p.properties[k]).filter((x) => x !== undefined);
    if (declared.length) {
      undeclared(doc, declared.length === 1 ? declared[0] : { anyOf: declared }, v, `${path}.${k}`, out);
    } else if (open.length) {
      const more = open.map((p) => p.additionalProperties).filter((x) => x && typeof x === 'object');
      if (more.length) undeclared(doc, { anyOf: more }, v, `${path}.${k}`, out);
    } else if (withProps.length) {
      out.push(`${path}.${k}`);
    }
  }
  return out;
}

// Ajv's errors, one line each, and the start of the body.
function describe(errors, text) {
  const lines = errors.slice(0, 8).map((e) => {
    const extra = e.params?.additionalProperty ? ` (${e.params.additionalProperty})`
      : e.params?.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : '';
    return `  body${e.instancePath || ''} ${e.message}${extra} [schema ${e.schemaPath}]`;
  });
  return `${lines.join('\n')}\n  body: ${text.slice(0, 600)}`;
}

// A webhook's body (the parsed JSON a receiver got) against the document's
// WebhookEvent: null when it is what the document says, else why not.
export function eventProblem(body) {
  const validate = validator('#/components/schemas/WebhookEvent');
  const text = JSON.stringify(body);
  if (!validate(body)) return `a ${body?.type} event does not match WebhookEvent:\n${describe(validate.errors, text)}`;
  const extra = undeclared(loadDoc(), { $ref: '#/components/schemas/WebhookEvent' }, body, 'body');
  return extra.length ? `a ${body.type} event has fields WebhookEvent does not describe: ${extra.join(', ')}` : null;
}

// A request a webhook receiver got (its headers, as node gives them, and
// body): the problems with it against the document, [] when none (the
// body an event as eventProblem() checks, named by its Steward-Event,
// Steward-Event-Id and Steward-Delivery headers).
export function deliveryProblems(headers, body) {
  let event;
  try { event = JSON.parse(body); } catch { return [`not JSON: ${body.slice(0, 200)}`]; }
  const out = [];
  const problem = eventProblem(event);
  if (problem) out.push(problem);
  if (headers['steward-event'] !== event.type) out.push(`Steward-Event ${headers['steward-event']} for a ${event.type}`);
  if (headers['steward-event-id'] !== event.id) out.push(`Steward-Event-Id ${headers['steward-event-id']} for ${event.id}`);
  if (!/^dlv_/.test(headers['steward-delivery'] || '')) out.push(`Steward-Delivery ${headers['steward-delivery']}`);
  return out;
}

// Every JSON schema of a response, compiled (a broken one throws, naming it).
export function compileAll() {
  const doc = loadDoc();
  let n = 0;
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      for (const [code, r] of Object.entries(item[m]?.responses || {})) {
        const { node, at } = deref(doc, r, `#/paths/${pointerEscape(template)}/${m}/responses/${code}`);
        for (const [type, media] of Object.entries(node.content || {})) {
          if (!isJson(type) || !media.schema) continue;
          try { validator(`${at}/content/${pointerEscape(type)}/schema`); } catch (e) {
            throw new Error(`${m.toUpperCase()} ${template} ${code}: ${e.message}`);
          }
          n++;
        }
      }
    }
  }
  return n;
}

// The same, throwing: for the shared request helpers. With
// STEWARD_OPENAPI_REPORT=FILE every mismatch is appended to FILE instead, so
// that one run of the suite lists them all.
export function checkResponse(r) {
  const problem = contractProblem(r);
  if (problem && process.env.STEWARD_OPENAPI_REPORT) {
    appendFileSync(process.env.STEWARD_OPENAPI_REPORT, `${problem}\n`);
  } else if (problem) {
    const e = new Error(`OpenAPI contract: ${problem}`);
    e.code = 'ERR_OPENAPI_CONTRACT';
    throw e;
  }
}
