import { h, icons } from './dom';
import { emailError, nameError } from './validate';
import { t } from './i18n';

// "Talk to a human": email (required) and name, checked here first, with errors next to the
// field they concern (aria-invalid + aria-describedby) so screen readers read them on focus. A
// visitor whose signed identity carries an email is not asked for it: the form names it instead.

export type FormField = 'email' | 'name' | 'form';

export interface EscalateForm {
  el: HTMLFormElement;
  open(): void;
  close(): void;
  readonly isOpen: boolean;
  /** The verified email the team will reply to (the email field gives way to it), or null to ask. */
  knownEmail(address: string | null): void;
  error(field: FormField, text: string | null): void;
  busy(on: boolean): void;
}

export function createEscalateForm(submit: (email: string, name: string) => void, cancel: () => void): EscalateForm {
  const email = h('input', { id: 'cw-email', type: 'email', name: 'email', autocomplete: 'email', required: true, 'aria-required': 'true' });
  const name = h('input', { id: 'cw-name', type: 'text', name: 'name', autocomplete: 'name', maxlength: '120' });
  const emailErr = h('span', { id: 'cw-email-err', class: 'err', hidden: true });
  const nameErr = h('span', { id: 'cw-name-err', class: 'err', hidden: true });
  const formErr = h('p', { id: 'cw-form-err', class: 'err', role: 'alert', hidden: true });
  const button = h('button', { type: 'submit', class: 'primary' }, icons.person(), t('requestHuman'));
  const fields = { email: [email, emailErr], name: [name, nameErr] } as const;
  const intro = h('p', {}, t('formIntro'));
  const emailField = h('div', { class: 'field' }, h('label', { for: 'cw-email' }, t('emailLabel')), email, emailErr);
  let known: string | null = null;

  const error = (field: FormField, text: string | null) => {
    if (field === 'form') {
      formErr.textContent = text ?? '';
      formErr.hidden = !text;
      return;
    }
    const [input, message] = fields[field];
    message.textContent = text ?? '';
    message.hidden = !text;
    if (text) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', message.id);
      input.focus();
    } else {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    }
  };

  const el = h(
    'form',
    {
      class: 'form',
      novalidate: true,
      hidden: true,
      'aria-labelledby': 'cw-form-title',
      onsubmit: (event) => {
        event.preventDefault();
        if (button.getAttribute('aria-disabled') === 'true') return; // a request is already on its way
        const problems = { email: known ? null : emailError(email.value), name: nameError(name.value) };
        error('form', null);
        error('name', problems.name);
        error('email', problems.email);
        if (!problems.email && !problems.name) submit(known ? '' : email.value.trim(), name.value.trim());
      },
    },
    h('h3', { id: 'cw-form-title' }, t('talkToHuman')),
    intro,
    emailField,
    h('div', { class: 'field' }, h('label', { for: 'cw-name' }, t('nameLabel')), name, nameErr),
    formErr,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: cancel }, t('cancel')), button),
  );

  return {
    el,
    open() {
      el.hidden = false;
      (known ? name : email).focus();
    },
    knownEmail(address) {
      known = address;
      emailField.hidden = Boolean(address);
      intro.textContent = address ? t('replyTo', { email: address }) : t('formIntro');
    },
    close() {
      el.hidden = true;
      for (const field of ['email', 'name', 'form'] as const) error(field, null);
    },
    get isOpen() {
      return !el.hidden;
    },
    error,
    // aria-disabled, not disabled: a disabled button drops the keyboard focus to the page, so after
    // a failed request the visitor would have to find their way back into the form
    busy(on) {
      button.setAttribute('aria-disabled', String(on));
      button.setAttribute('aria-busy', String(on));
    },
  };
}
