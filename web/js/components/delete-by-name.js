/*
 * delete-by-name.js - deleting something by typing its name (SPEC §8):
 * a dialog that says what will happen and keeps its Delete button disabled
 * until the name is typed exactly as shown.
 *
 *   const ok = await deleteByName({
 *     title, message, name, label, confirm,
 *     run: async (typed) => { await api...remove(..., typed); },   // throws ApiError
 *   });
 *
 * holdUntilTyped(box, input, name) gives another dialog the same button
 * (the site deletion dialog, which also asks where devices go).
 */
import { html } from '../html.js';
import { formDialog } from './dialog.js';
import { field } from './form.js';

/** Enables box's confirm button only while input holds name exactly. */
export function holdUntilTyped(box, input, name) {
  const yes = box.querySelector('[data-answer="yes"]');
  const sync = () => { yes.disabled = input.value !== name; };
  input.addEventListener('input', sync);
  sync();
}

export function deleteByName({ title, message, name, label, confirm, run }) {
  return formDialog({
    title, message, confirm, danger: true,
    body: html`${field({
      id: 'delete-confirm-name', label,
      input: html`<input class="input" id="delete-confirm-name" name="confirm_name" autocomplete="off" spellcheck="false">`,
    })}`,
    onOpen: (box) => holdUntilTyped(box, box.querySelector('#delete-confirm-name'), name),
    onConfirm: async (box) => {
      const typed = box.querySelector('#delete-confirm-name').value;
      if (typed !== name) return false;
      try {
        await run(typed);
        return true;
      } catch (e) {
        if (e.status === 401) return true;
        return e.fields?.confirm_name || e.message;
      }
    },
  });
}
