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
        aria-invalid={error !== undefined ? 'true' : undefined}
        aria-describedby={error !== undefined ? errorId : undefined}
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
