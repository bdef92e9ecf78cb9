// Form pieces that show a field's error next to it and tie the two together for screen readers.
import type { ComponentChildren } from 'preact';

export type FieldErrors = Readonly<Record<string, string>>;

export function Field(props: {
  name: string;
  label: string;
  errors: FieldErrors;
  type?: 'text' | 'password' | 'search' | 'date' | 'email' | 'tel';
  value?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'numeric' | 'text';
  autofocus?: boolean;
  /** Browser-side checks while typing (no script): latest/earliest date, a pattern. */
  max?: string;
  min?: string;
  pattern?: string;
  /** A line of help under the label. */
  hint?: string;
}) {
  const error = props.errors[props.name];
  const errorId = `${props.name}-error`;
  const hintId = `${props.name}-hint`;
  const described = [props.hint !== undefined ? hintId : null, error !== undefined ? errorId : null]
    .filter((x) => x !== null)
    .join(' ');
  return (
    <div>
      <label for={props.name}>{props.label}</label>
      {props.hint !== undefined && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {error !== undefined && (
        <p class="error" id={errorId}>
          {error}
        </p>
      )}
      <input
        id={props.name}
        name={props.name}
        // Preact types each input type as its own branch; tsc needs the cast, lint thinks not.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        type={(props.type ?? 'text') as 'text'}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        autofocus={props.autofocus}
        inputMode={props.inputmode}
        max={props.max}
        min={props.min}
        pattern={props.pattern}
        aria-invalid={error !== undefined ? 'true' : undefined}
        aria-describedby={described === '' ? undefined : described}
      />
    </div>
  );
}

export function SelectField(props: {
  name: string;
  label: string;
  errors: FieldErrors;
  value?: string;
  options: readonly { value: string; label: string }[];
}) {
  const error = props.errors[props.name];
  const errorId = `${props.name}-error`;
  return (
    <div>
      <label for={props.name}>{props.label}</label>
      {error !== undefined && (
        <p class="error" id={errorId}>
          {error}
        </p>
      )}
      <select
        id={props.name}
        name={props.name}
        aria-invalid={error !== undefined ? 'true' : undefined}
        aria-describedby={error !== undefined ? errorId : undefined}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A month to report on (`<input type="month">`), with its hint and its error tied to it. */
export function MonthField(props: {
  label: string;
  hint: string;
  errors: FieldErrors;
  value: string;
}) {
  const error = props.errors['month'];
  return (
    <>
      <label for="month">{props.label}</label>
      <p class="muted" id="month-hint">
        {props.hint}
      </p>
      {error !== undefined && (
        <p class="error" id="month-error">
          {error}
        </p>
      )}
      <input
        id="month"
        name="month"
        type="month"
        value={props.value}
        required
        aria-invalid={error !== undefined ? 'true' : undefined}
        aria-describedby={error !== undefined ? 'month-hint month-error' : 'month-hint'}
      />
    </>
  );
}

/** A multi-line text field, its hint and its error tied to it as for `Field`. */
export function TextArea(props: {
  name: string;
  label: string;
  errors: FieldErrors;
  value: string;
  rows?: number;
  required?: boolean;
  hint?: string;
}) {
  const error = props.errors[props.name];
  const described = [
    props.hint !== undefined ? `${props.name}-hint` : null,
    error !== undefined ? `${props.name}-error` : null,
  ]
    .filter((x) => x !== null)
    .join(' ');
  return (
    <div>
      <label for={props.name}>{props.label}</label>
      {props.hint !== undefined && (
        <p class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      )}
      {error !== undefined && (
        <p class="error" id={`${props.name}-error`}>
          {error}
        </p>
      )}
      <textarea
        id={props.name}
        name={props.name}
        rows={props.rows ?? 3}
        required={props.required}
        aria-invalid={error !== undefined ? 'true' : undefined}
        aria-describedby={described === '' ? undefined : described}
      >
        {props.value}
      </textarea>
    </div>
  );
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function Card({ title, children }: { title?: string; children: ComponentChildren }) {
  return (
    <section class="card">
      {title !== undefined && <h2>{title}</h2>}
      {children}
    </section>
  );
}
