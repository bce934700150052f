/*
 * settings-model.js - what the policy settings editor (settings-form.js)
 * edits: the stored values and locks of a policy (or a customer's overrides),
 * the unsaved changes and the messages, shared by the page's tabs.
 *
 *   const model = settingsModel({ mode, values, origin, locked, resetValue, own, inherited, additive });
 *
 * Unsaved changes are values (pending, by setting path) and, for a global
 * policy, locks (setLock): both wait for Save, both count in changeCount(),
 * and discard() drops both. model.patch() is the merge patch of the values,
 * model.lockList() the whole list of locked paths to send with it (null when
 * the locks are unchanged), model.overrides(doc) the whole override document
 * of a customer. Messages are kept in errors, by "path" or "path[i]" for
 * list entries.
 */
import {
  leaves, lockedBy, getAt, setAt, deleteAt, deepEqual, clone, parseField, schemaAt,
} from '../policies.js';

/** A value typed that is not one yet (an empty or malformed number or time). */
export class Draft {
  constructor(raw, message) { this.raw = raw; this.message = message; }
}

const RESET = Symbol('reset');

export function settingsModel({ mode, values = {}, origin = {}, locked = [], resetValue = () => undefined, own = () => [],
  inherited = () => [], additive = [] }) {
  const additiveSet = new Set(additive);
  const m = {
    mode,
    values,
    origin,
    /** The locks as they are shown (with the unsaved lock changes); savedLocked as stored. */
    locked: [...locked],
    savedLocked: [...locked],
    pending: new Map(),
    errors: new Map(),
    additive: additiveSet,
    isAdditive: (path) => additiveSet.has(path),
    resetValue,
    inherited,

    /** The stored value (without unsaved changes). */
    stored(path) {
      if (mode === 'customer' && additiveSet.has(path)) return own(path) || [];
      return getAt(m.values, path);
    },
    /** The value shown: the unsaved one, else the stored one. */
    current(path) {
      if (m.pending.has(path)) {
        const v = m.pending.get(path);
        return v === RESET ? m.resetTo(path) : v;
      }
      return m.stored(path);
    },
    resetTo(path) {
      if (mode === 'customer' && additiveSet.has(path)) return [];
      return m.resetValue(path);
    },
    /** Differs from the layer below when saved (as stored, or as it will be). */
    differs(path) {
      if (mode === 'scratch') return false;
      if (m.pending.has(path)) {
        const v = m.current(path);
        return !(v instanceof Draft) && !deepEqual(v, m.resetTo(path));
      }
      if (mode === 'customer') return additiveSet.has(path) ? m.stored(path).length > 0 : m.origin[path] === 'customer';
      return m.origin[path] === 'policy';
    },
    storedDiffers(path) {
      if (mode === 'customer') return additiveSet.has(path) ? (own(path) || []).length > 0 : m.origin[path] === 'customer';
      return m.origin[path] === 'policy';
    },
    set(path, v) {
      // Back to what is stored: nothing to save for it.
      if (!(v instanceof Draft) && v !== undefined && deepEqual(v, m.stored(path))) { m.pending.delete(path); return; }
      m.pending.set(path, v);
    },
    reset(path) {
      if (!m.storedDiffers(path)) m.pending.delete(path);
      else m.pending.set(path, RESET);
    },
    isReset(path) { return m.pending.get(path) === RESET; },
    lockedBy(path) { return lockedBy(m.locked, path); },
    hasDrafts() { return [...m.pending.values()].some((v) => v instanceof Draft); },

    /** Locks or unlocks path (unsaved until Save): the stored locks keep their order, new ones follow. */
    setLock(path, on) {
      const want = new Set(m.locked);
      if (on) want.add(path); else want.delete(path);
      const kept = m.savedLocked.filter((p) => want.has(p));
      m.locked = [...kept, ...m.locked.filter((p) => want.has(p) && !kept.includes(p)), ...(on && !m.locked.includes(path) && !kept.includes(path) ? [path] : [])];
    },
    /** Paths whose lock differs from the stored one. */
    lockChanges() {
      const now = new Set(m.locked);
      const saved = new Set(m.savedLocked);
      return [...m.locked.filter((p) => !saved.has(p)), ...m.savedLocked.filter((p) => !now.has(p))];
    },
    lockChanged(path) { return m.locked.includes(path) !== m.savedLocked.includes(path); },
    /** Paths locked by the unsaved changes (their customers' overrides go when saved). */
    newLocks() { return m.locked.filter((p) => !m.savedLocked.includes(p)); },
    /** The whole list of locked paths to save, or null when the locks are unchanged. */
    lockList() { return m.lockChanges().length ? [...m.locked] : null; },
    /** How many unsaved changes there are: values and locks. */
    changeCount() { return m.pending.size + m.lockChanges().length; },
    /** Drops every unsaved change and message. */
    discard() {
      m.pending.clear();
      m.errors.clear();
      m.locked = [...m.savedLocked];
    },
    /** Takes over the unsaved changes and messages of another model of the same policy. */
    carry(from) {
      for (const [k, v] of from.pending) m.pending.set(k, v);
      for (const [k, v] of from.errors) m.errors.set(k, v);
      for (const p of from.lockChanges()) m.setLock(p, from.locked.includes(p));
    },

    /** The JSON merge patch of the unsaved changes (null: back to the template). */
    patch() {
      const out = {};
      for (const [path, v] of m.pending) setAt(out, path, v === RESET ? null : v);
      return out;
    },
    /** The whole override document after the unsaved changes (customer mode). */
    overrides(doc) {
      const out = clone(doc || {});
      for (const [path, v] of m.pending) {
        if (v === RESET) deleteAt(out, path);
        else if (additiveSet.has(path)) { if (v.length) setAt(out, path, v); else deleteAt(out, path); }
        else if (deepEqual(v, m.resetValue(path))) deleteAt(out, path);
        else setAt(out, path, v);
      }
      return out;
    },
    /** Every value chosen (scratch mode), as a settings document. */
    document(schema) {
      const out = {};
      for (const l of leaves(schema)) {
        const v = m.current(l.path);
        if (v !== undefined && !(v instanceof Draft)) setAt(out, l.path, v);
      }
      return out;
    },

    /** Puts the server's field messages in errors; answers those it could not place. */
    takeErrors(fields, schema) {
      const other = [];
      for (const [name, message] of Object.entries(fields || {})) {
        const f = parseField(name);
        if (!f || !schemaAt(schema, f.path)) { other.push(message); continue; }
        m.errors.set(f.index === null ? f.path : `${f.path}[${f.index}]`, message);
      }
      return other;
    },
  };
  return m;
}

/** Which tab a setting path belongs to: additive lists are exclusions. */
export function partOf(model, schema, path) {
  const section = path.split('.')[0];
  const sec = schema.properties[section];
  return sec && isExclusionSection(model, section, sec) ? 'exclusions' : 'settings';
}

export function isExclusionSection(model, key, sec) {
  if (sec.type !== 'object') return false;
  const ls = leaves(sec, key);
  return ls.length > 0 && ls.every((l) => model.isAdditive(l.path));
}
