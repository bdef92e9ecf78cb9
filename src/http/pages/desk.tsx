// The receiving officer's intake flow: choose the procedure, then one form that an experienced
// officer fills from the keyboard alone — the ID number first, Tab through the fields, Enter to
// receive. No script: the component list comes from the chosen procedure on the server.
import type { DeskProcedure } from '../../application/desk-references.js';
import type { PageContext } from './layout.js';
import { ErrorSummary, Layout } from './layout.js';
import { Card, CsrfField, Field, SelectField, type FieldErrors } from './form.js';
import { formatNumber } from '../../i18n/messages.js';

export interface UnitOption {
  readonly code: string;
  readonly name: string;
}

export function processingTimeText(page: PageContext, p: DeskProcedure): string {
  const { t } = page;
  const time = p.processingTime;
  switch (time.unit) {
    case 'same_day':
      return t('time.same_day');
    case 'working_days':
      return t('time.working_days', { value: time.value });
    case 'working_hours':
      return t('time.working_hours', { value: time.value });
    case 'calendar_days':
      return t('time.calendar_days', { value: time.value });
  }
}

export function money(page: PageContext, vnd: number): string {
  return page.t('money.vnd', { amount: formatNumber(page.lang, vnd) });
}

export function ChooseProcedurePage({
  page,
  procedures,
  selected,
}: {
  page: PageContext;
  procedures: readonly DeskProcedure[];
  selected: string;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('desk.title')}>
      <h1>{t('desk.title')}</h1>
      <form method="get" action="/desk/intake" class="card">
        <label for="procedure">{t('desk.chooseProcedure')}</label>
        <select id="procedure" name="procedure" autofocus required>
          {procedures.map((p) => (
            <option value={p.code} selected={p.code === selected}>
              {p.code} — {p.name}
            </option>
          ))}
        </select>
        <button type="submit">{t('desk.next')}</button>
      </form>
    </Layout>
  );
}

export interface IntakeFormValues {
  readonly [field: string]: string | undefined;
}

export function IntakeFormPage({
  page,
  procedure,
  units,
  values,
  errors,
  feePreview,
}: {
  page: PageContext;
  procedure: DeskProcedure;
  units: readonly UnitOption[];
  values: IntakeFormValues;
  errors: FieldErrors;
  feePreview: number;
}) {
  const { t } = page;
  const v = (name: string) => values[name] ?? '';
  const checked = (name: string) => values[name] === 'on';
  const errorList = Object.entries(errors).map(([field, message]) => ({
    field: field.replaceAll('.', '-'),
    message,
  }));
  const err = (name: string) => errors[name];
  return (
    <Layout page={page} title={t('desk.title')}>
      <h1>{t('desk.title')}</h1>
      <p>
        <strong>
          {procedure.code} — {procedure.name}
        </strong>
        <br />
        {t('desk.processingTime')}: {processingTimeText(page, procedure)}
      </p>
      <ErrorSummary page={page} errors={errorList} />
      <form
        method="post"
        action={`/desk/intake?procedure=${encodeURIComponent(procedure.code)}`}
        enctype="multipart/form-data"
      >
        <CsrfField token={page.csrf} />
        <Card title={t('desk.applicant')}>
          <Field
            name="applicant-citizenId"
            label={t('desk.citizenId')}
            errors={remap(errors, 'applicant.citizenId', 'applicant-citizenId')}
            value={v('applicant-citizenId')}
            required
            inputmode="numeric"
            autocomplete="off"
            autofocus
          />
          <Field
            name="applicant-fullName"
            label={t('desk.fullName')}
            errors={remap(errors, 'applicant.fullName', 'applicant-fullName')}
            value={v('applicant-fullName')}
            required
            autocomplete="off"
          />
          <Field
            name="applicant-dateOfBirth"
            label={t('desk.dateOfBirth')}
            type="date"
            errors={remap(errors, 'applicant.dateOfBirth', 'applicant-dateOfBirth')}
            value={v('applicant-dateOfBirth')}
          />
          <fieldset>
            <legend>{t('desk.sex')}</legend>
            {err('applicant.sex') !== undefined && <p class="error">{err('applicant.sex')}</p>}
            <label class="inline">
              <input
                type="radio"
                name="applicant-sex"
                value="male"
                checked={v('applicant-sex') === 'male'}
              />{' '}
              {t('sex.male')}
            </label>
            <label class="inline">
              <input
                type="radio"
                name="applicant-sex"
                value="female"
                checked={v('applicant-sex') === 'female'}
              />{' '}
              {t('sex.female')}
            </label>
          </fieldset>
          <Field
            name="applicant-phone"
            label={t('desk.phone')}
            type="tel"
            errors={remap(errors, 'applicant.phone', 'applicant-phone')}
            value={v('applicant-phone')}
          />
          <Field
            name="applicant-address"
            label={t('desk.address')}
            errors={remap(errors, 'applicant.address', 'applicant-address')}
            value={v('applicant-address')}
          />
        </Card>
        <Card title={t('desk.components')}>
          {err('components') !== undefined && (
            <p class="error" id="components">
              {err('components')}
            </p>
          )}
          <table>
            <thead>
              <tr>
                <th scope="col">{t('desk.components')}</th>
                <th scope="col">{t('desk.componentProvided')}</th>
                <th scope="col">{t('desk.componentReused')}</th>
                <th scope="col">{t('desk.attachments')}</th>
              </tr>
            </thead>
            <tbody>
              {procedure.components.map((c) => (
                <tr>
                  <td>
                    {c.name}
                    {c.required && <span class="muted"> ({t('form.required')})</span>}
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      name={`component-${c.code}-provided`}
                      aria-label={`${t('desk.componentProvided')}: ${c.name}`}
                      checked={checked(`component-${c.code}-provided`)}
                    />
                  </td>
                  <td>
                    {c.reusableFromData ? (
                      <input
                        type="checkbox"
                        name={`component-${c.code}-reused`}
                        aria-label={`${t('desk.componentReused')}: ${c.name}`}
                        checked={checked(`component-${c.code}-reused`)}
                      />
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    <input
                      type="file"
                      name={`component-${c.code}-file`}
                      accept="application/pdf,image/jpeg,image/png"
                      aria-label={`${t('desk.componentFile')}: ${c.name}`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {err('file') !== undefined && <p class="error">{err('file')}</p>}
        </Card>
        <Card title={t('desk.competentUnit')}>
          <SelectField
            name="competentUnitCode"
            label={t('desk.competentUnit')}
            errors={errors}
            value={v('competentUnitCode') || page.node.unitCode}
            options={units.map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))}
          />
          {procedure.nonTerritorial && <p class="muted">{t('desk.nonTerritorialHint')}</p>}
          <SelectField
            name="resultDelivery"
            label={t('desk.resultDelivery')}
            errors={errors}
            value={v('resultDelivery') || 'receiving_unit'}
            options={(['receiving_unit', 'competent_unit', 'post', 'electronic'] as const).map(
              (d) => ({ value: d, label: t(`delivery.${d}`) }),
            )}
          />
        </Card>
        <Card title={t('desk.fee')}>
          <p>{feePreview === 0 ? t('desk.noFee') : money(page, feePreview)}</p>
          {procedure.exemptions.length > 0 && (
            <fieldset>
              <legend>{t('desk.exemptions')}</legend>
              {procedure.exemptions.map((e) => (
                <label class="inline">
                  <input
                    type="checkbox"
                    name={`exemption-${e.code}`}
                    checked={checked(`exemption-${e.code}`)}
                  />{' '}
                  {e.name}
                </label>
              ))}
            </fieldset>
          )}
          <label class="inline">
            <input type="checkbox" name="late" checked={checked('late')} /> {t('desk.late')}
          </label>
          <Field
            name="copies"
            label={t('desk.copies')}
            errors={errors}
            value={v('copies') || '0'}
            inputmode="numeric"
          />
          <SelectField
            name="paymentMethod"
            label={t('desk.payment')}
            errors={errors}
            value={v('paymentMethod')}
            options={[
              { value: '', label: t('desk.paymentNone') },
              { value: 'cash', label: t('desk.paymentCash') },
              { value: 'bank_transfer', label: t('desk.paymentTransfer') },
            ]}
          />
          <Field
            name="paymentReference"
            label={t('desk.paymentReference')}
            errors={remap(errors, 'payment.reference', 'paymentReference')}
            value={v('paymentReference')}
          />
        </Card>
        <Field name="note" label={t('desk.note')} errors={errors} value={v('note')} />
        <button type="submit" name="decision" value="receive">
          {t('desk.submit')}
        </button>
        <details class="card">
          <summary>{t('desk.refuseTitle')}</summary>
          <Field
            name="refusalReason"
            label={t('desk.refuseReason')}
            errors={remap(errors, 'refusal.reason', 'refusalReason')}
            value={v('refusalReason')}
          />
          <button type="submit" name="decision" value="refuse" class="secondary">
            {t('desk.refuseSubmit')}
          </button>
        </details>
      </form>
    </Layout>
  );
}

/** Errors keyed by the API's field path, shown under the form field's name. */
function remap(errors: FieldErrors, apiField: string, formField: string): FieldErrors {
  const message = errors[apiField] ?? errors[formField];
  return message === undefined ? {} : { [formField]: message };
}
