// The civil-status pages: the registers' home (search), the registration forms (one per kind,
// keyboard-first, with the rules the browser can check while the officer types: no future
// dates, twelve-digit ID numbers, the marriage ages as the latest date of birth), the record
// page with its history and papers, the register books, and the public verification page.
import type {
  BookEntry,
  BookView,
  OnlineFiling,
  RecordView,
  SearchHit,
} from '../../application/civil-status.js';
import type { CertificateCheck } from '../../application/seal.js';
import type { SealFacts } from '../../domain/certificate-seal.js';
import {
  correctablePaths,
  factAt,
  formatBook,
  interlinkedServices,
  type CivilKind,
  type CivilRecord,
} from '../../domain/civil-status.js';
import { formatDate, formatDateTime } from '../../i18n/format-time.js';
import type { PlainMessageKey } from '../../i18n/messages.js';
import { Card, CsrfField, Field, SelectField, type FieldErrors } from './form.js';
import { ErrorSummary, Layout, type PageContext } from './layout.js';

export interface FormValues {
  readonly [field: string]: string | undefined;
}

function errorList(errors: FieldErrors) {
  return Object.entries(errors).map(([field, message]) => ({ field, message }));
}

const kindTitle = (kind: CivilKind): PlainMessageKey => `civilPage.register.${kind}`;

/** dd/mm/yyyy for a local date. */
function dmy(date: string): string {
  const [y, m, d] = date.split('-');
  return d === undefined ? date : `${d}/${m ?? ''}/${y ?? ''}`;
}

/** The date `years` before `on` (YYYY-MM-DD): the latest date of birth for that age. */
export function yearsBefore(on: string, years: number): string {
  return `${String(Number(on.slice(0, 4)) - years).padStart(4, '0')}${on.slice(4)}`;
}

/** The date `days` before `on`. */
export function daysBefore(on: string, days: number): string {
  return new Date(Date.parse(`${on}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

export function CivilHomePage({
  page,
  query,
  hits,
  errors,
  searched,
  canRegister,
  waiting,
}: {
  page: PageContext;
  query: FormValues;
  hits: readonly SearchHit[];
  errors: FieldErrors;
  searched: boolean;
  canRegister: boolean;
  waiting: readonly OnlineFiling[];
}) {
  const { t } = page;
  const v = (k: string) => query[k] ?? '';
  return (
    <Layout page={page} title={t('civilPage.title')}>
      <h1>{t('civilPage.title')}</h1>
      {canRegister && (
        <p class="actions">
          {(['birth', 'death', 'marriage'] as const).map((kind) => (
            <>
              <a class="button" href={`/civil/register/${kind}`}>
                {t(kindTitle(kind))}
              </a>{' '}
            </>
          ))}
        </p>
      )}
      {waiting.length > 0 && (
        <Card title={t('civilPage.waitingOnline')}>
          <div class="table-wrap" tabindex={0}>
            <table>
              <tbody>
                {waiting.map((w) => (
                  <tr>
                    <td>{w.code}</td>
                    <td>{t(`civilKind.${w.kind}`)}</td>
                    <td>{w.applicantName}</td>
                    <td>
                      {w.submittedAt === null ? '' : formatDateTime(page.lang, w.submittedAt)}
                    </td>
                    <td>
                      <a href={`/civil/register/${w.kind}?fromDossier=${w.dossierId}`}>
                        {t('civilPage.registerFromOnline')}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
      <p>
        <a href="/civil/books">{t('civilPage.books')}</a> ·{' '}
        <a href="/civil/statistics">{t('civilPage.statistics')}</a> ·{' '}
        <a href="/verify">{t('civilPage.verify')}</a>
      </p>
      <ErrorSummary page={page} errors={errorList(errors)} />
      <form method="get" action="/civil" class="card" role="search">
        <h2>{t('civilPage.search')}</h2>
        <Field
          name="q"
          label={t('civilPage.searchName')}
          hint={t('civilPage.searchHint')}
          errors={errors}
          value={v('q')}
          type="search"
          autofocus
        />
        <Field
          name="dateOfBirth"
          label={t('civilPage.dateOfBirth')}
          type="date"
          errors={errors}
          value={v('dateOfBirth')}
        />
        <Field
          name="citizenId"
          label={t('civilPage.citizenId')}
          errors={errors}
          value={v('citizenId')}
          inputmode="numeric"
          pattern="[0-9]{12}"
        />
        <SelectField
          name="kind"
          label={t('civilPage.kind')}
          errors={errors}
          value={v('kind')}
          options={[
            { value: '', label: t('civilPage.allKinds') },
            ...(['birth', 'death', 'marriage'] as const).map((k) => ({
              value: k,
              label: t(`civilKind.${k}`),
            })),
          ]}
        />
        <button type="submit">{t('civilPage.searchButton')}</button>
      </form>
      {searched && (
        <section>
          <h2>{t('civilPage.results', { count: hits.length })}</h2>
          {hits.length > 0 && (
            <div class="table-wrap" tabindex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('civilPage.kind')}</th>
                    <th scope="col">{t('civilPage.entry')}</th>
                    <th scope="col">{t('civilPage.registeredOn')}</th>
                    <th scope="col">{t('civilPage.principal')}</th>
                    <th scope="col">{t('civilPage.matched')}</th>
                  </tr>
                </thead>
                <tbody>
                  {hits.map((h) => (
                    <tr>
                      <td>{t(`civilKind.${h.kind}`)}</td>
                      <td>
                        <a href={`/civil/records/${h.id}`}>
                          {t('civilPage.entryLabel', { number: h.number, book: h.book })}
                        </a>
                      </td>
                      <td>{dmy(h.registeredOn)}</td>
                      <td>{h.principalName}</td>
                      <td>{t(`civilRole.${h.matchedRole}` as PlainMessageKey)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </Layout>
  );
}

interface PersonFieldsProps {
  page: PageContext;
  prefix: string;
  values: FormValues;
  errors: FieldErrors;
  /** Latest date of birth the browser accepts. */
  maxBirth?: string;
  withSex?: boolean;
  birthYearOnly?: boolean;
  /** No residence field: the child of a birth registration. */
  residenceKey?: 'residence' | 'lastResidence' | null;
  idKey?: 'citizenId' | 'personalId';
  idRequired?: boolean;
  nameRequired?: boolean;
}

function PersonFields(props: PersonFieldsProps) {
  const { t } = props.page;
  const { prefix, values, errors } = props;
  const v = (k: string) => values[`${prefix}.${k}`] ?? '';
  const residence = props.residenceKey === undefined ? 'residence' : props.residenceKey;
  const idKey = props.idKey ?? 'citizenId';
  return (
    <>
      <Field
        name={`${prefix}.fullName`}
        label={t('civilPage.fullName')}
        errors={errors}
        value={v('fullName')}
        required={props.nameRequired ?? true}
        autocomplete="off"
      />
      {props.withSex === true && (
        <SelectField
          name={`${prefix}.sex`}
          label={t('civilPage.sex')}
          errors={errors}
          value={v('sex')}
          options={[
            { value: 'female', label: t('civilPage.female') },
            { value: 'male', label: t('civilPage.male') },
          ]}
        />
      )}
      {props.birthYearOnly === true ? (
        <Field
          name={`${prefix}.birthYear`}
          label={t('civilPage.birthYear')}
          errors={errors}
          value={v('birthYear')}
          inputmode="numeric"
          pattern="[0-9]{4}"
        />
      ) : (
        <Field
          name={`${prefix}.dateOfBirth`}
          label={t('civilPage.dateOfBirth')}
          type="date"
          errors={errors}
          value={v('dateOfBirth')}
          required
          {...(props.maxBirth === undefined ? {} : { max: props.maxBirth })}
        />
      )}
      <Field
        name={`${prefix}.ethnicity`}
        label={t('civilPage.ethnicity')}
        errors={errors}
        value={v('ethnicity') === '' ? 'Kinh' : v('ethnicity')}
      />
      <Field
        name={`${prefix}.nationality`}
        label={t('civilPage.nationality')}
        errors={errors}
        value={v('nationality') === '' ? 'Việt Nam' : v('nationality')}
      />
      {residence !== null && (
        <Field
          name={`${prefix}.${residence}`}
          label={t(residence === 'residence' ? 'civilPage.residence' : 'civilPage.lastResidence')}
          errors={errors}
          value={v(residence)}
          required={residence === 'lastResidence'}
        />
      )}
      <Field
        name={`${prefix}.${idKey}`}
        label={t('civilPage.citizenId')}
        errors={errors}
        value={v(idKey)}
        inputmode="numeric"
        pattern="[0-9]{12}"
        {...(props.idRequired === true ? { required: true } : {})}
        autocomplete="off"
      />
    </>
  );
}

export interface RegistrationFormOptions {
  readonly today: string;
  readonly birthWindowDays: number;
  readonly deathWindowDays: number;
  readonly marriageMinAge: { readonly man: number; readonly woman: number };
  readonly lateFeeVnd: number;
  readonly copyFeeVnd: number;
  readonly exemptions: readonly { code: string; name: string }[];
  readonly leaders: readonly { id: string; name: string }[];
}

export function RegistrationFormPage({
  page,
  kind,
  values,
  errors,
  options,
}: {
  page: PageContext;
  kind: CivilKind;
  values: FormValues;
  errors: FieldErrors;
  options: RegistrationFormOptions;
}) {
  const { t } = page;
  const v = (k: string) => values[k] ?? '';
  const checked = (k: string) => values[k] === 'on';
  const services: readonly string[] = interlinkedServices[kind];
  return (
    <Layout page={page} title={t(kindTitle(kind))}>
      <h1>{t(kindTitle(kind))}</h1>
      {v('fromDossierId') !== '' && (
        <p class="notice" role="status">
          {t('civilPage.fromOnline', { code: v('fromCode') })}
        </p>
      )}
      <ErrorSummary page={page} errors={errorList(errors)} />
      <form method="post" action={`/civil/register/${kind}`}>
        <CsrfField token={page.csrf} />
        {v('fromDossierId') !== '' && (
          <>
            <input type="hidden" name="fromDossierId" value={v('fromDossierId')} />
            <input type="hidden" name="fromCode" value={v('fromCode')} />
          </>
        )}
        {kind === 'birth' && (
          <>
            <fieldset>
              <legend>{t('civilPage.child')}</legend>
              <p class="hint">
                {t('civilPage.lateHint', {
                  date: dmy(daysBefore(options.today, options.birthWindowDays)),
                  days: options.birthWindowDays,
                })}
              </p>
              <PersonFields
                page={page}
                prefix="facts.child"
                values={values}
                errors={errors}
                withSex
                maxBirth={options.today}
                residenceKey={null}
                idKey="personalId"
              />
              <Field
                name="facts.child.placeOfBirth"
                label={t('civilPage.placeOfBirth')}
                errors={errors}
                value={v('facts.child.placeOfBirth')}
                required
              />
              <Field
                name="facts.child.hometown"
                label={t('civilPage.hometown')}
                errors={errors}
                value={v('facts.child.hometown')}
              />
              <SelectField
                name="facts.evidence"
                label={t('civilPage.evidence')}
                errors={errors}
                value={v('facts.evidence')}
                options={(['birth_notice', 'witness_statement', 'abandonment_record'] as const).map(
                  (e) => ({ value: e, label: t(`civilEvidence.${e}`) }),
                )}
              />
            </fieldset>
            {(['mother', 'father'] as const).map((parent) => (
              <fieldset>
                <legend>{t(`civilPage.${parent}`)}</legend>
                <p class="hint">{t('civilPage.parentHint')}</p>
                <PersonFields
                  page={page}
                  prefix={`facts.${parent}`}
                  values={values}
                  errors={errors}
                  birthYearOnly
                  nameRequired={false}
                />
              </fieldset>
            ))}
          </>
        )}
        {kind === 'death' && (
          <fieldset>
            <legend>{t('civilPage.deceased')}</legend>
            <p class="hint">
              {t('civilPage.lateHintDeath', {
                date: dmy(daysBefore(options.today, options.deathWindowDays)),
                days: options.deathWindowDays,
              })}
            </p>
            <PersonFields
              page={page}
              prefix="facts.deceased"
              values={values}
              errors={errors}
              withSex
              maxBirth={options.today}
              residenceKey="lastResidence"
              idKey="personalId"
            />
            <Field
              name="facts.dateOfDeath"
              label={t('civilPage.dateOfDeath')}
              type="date"
              errors={errors}
              value={v('facts.dateOfDeath')}
              max={options.today}
              required
            />
            <Field
              name="facts.timeOfDeath"
              label={t('civilPage.timeOfDeath')}
              errors={errors}
              value={v('facts.timeOfDeath')}
              pattern="([01][0-9]|2[0-3]):[0-5][0-9]"
              hint="HH:MM"
            />
            <Field
              name="facts.placeOfDeath"
              label={t('civilPage.placeOfDeath')}
              errors={errors}
              value={v('facts.placeOfDeath')}
              required
            />
            <Field
              name="facts.cause"
              label={t('civilPage.cause')}
              errors={errors}
              value={v('facts.cause')}
              required
            />
            <Field
              name="facts.deathNotice.number"
              label={t('civilPage.deathNoticeNumber')}
              errors={errors}
              value={v('facts.deathNotice.number')}
            />
            <Field
              name="facts.deathNotice.issuedOn"
              label={t('civilPage.deathNoticeDate')}
              type="date"
              errors={errors}
              value={v('facts.deathNotice.issuedOn')}
              max={options.today}
            />
            <Field
              name="facts.deathNotice.issuedBy"
              label={t('civilPage.deathNoticeBy')}
              errors={errors}
              value={v('facts.deathNotice.issuedBy')}
            />
          </fieldset>
        )}
        {kind === 'marriage' &&
          (['husband', 'wife'] as const).map((party) => (
            <fieldset>
              <legend>{t(`civilPage.${party}`)}</legend>
              <p class="hint">
                {t('civilPage.ageHint', {
                  age:
                    party === 'husband' ? options.marriageMinAge.man : options.marriageMinAge.woman,
                  date: dmy(
                    yearsBefore(
                      options.today,
                      party === 'husband'
                        ? options.marriageMinAge.man
                        : options.marriageMinAge.woman,
                    ),
                  ),
                })}
              </p>
              <PersonFields
                page={page}
                prefix={`facts.${party}`}
                values={values}
                errors={errors}
                maxBirth={yearsBefore(
                  options.today,
                  party === 'husband' ? options.marriageMinAge.man : options.marriageMinAge.woman,
                )}
                idRequired
              />
              <div>
                <input
                  type="checkbox"
                  id={`facts.presence.${party}`}
                  name={`facts.presence.${party}`}
                  checked={checked(`facts.presence.${party}`)}
                  aria-invalid={
                    errors[`facts.presence.${party}`] !== undefined ? 'true' : undefined
                  }
                />{' '}
                <label for={`facts.presence.${party}`}>{t('civilPage.present')}</label>
                {errors[`facts.presence.${party}`] !== undefined && (
                  <p class="error">{errors[`facts.presence.${party}`]}</p>
                )}
              </div>
            </fieldset>
          ))}
        {kind !== 'marriage' && (
          <fieldset>
            <legend>{t('civilPage.declarant')}</legend>
            <Field
              name="declarant.fullName"
              label={t('civilPage.fullName')}
              errors={errors}
              value={v('declarant.fullName')}
              required
            />
            <Field
              name="declarant.citizenId"
              label={t('civilPage.citizenId')}
              errors={errors}
              value={v('declarant.citizenId')}
              inputmode="numeric"
              pattern="[0-9]{12}"
              required
            />
            <Field
              name="declarant.relationship"
              label={t('civilPage.relationship')}
              errors={errors}
              value={v('declarant.relationship')}
              required
            />
            <Field
              name="phone"
              label={t('civilPage.phone')}
              type="tel"
              errors={errors}
              value={v('phone')}
            />
          </fieldset>
        )}
        {services.length > 0 && (
          <fieldset>
            <legend>{t('civilPage.interlinked')}</legend>
            {services.map((s) => (
              <div>
                <input
                  type="checkbox"
                  id={`interlinked-${s}`}
                  name={`interlinked-${s}`}
                  checked={checked(`interlinked-${s}`)}
                />{' '}
                <label for={`interlinked-${s}`}>{t(`interlink.${s}` as PlainMessageKey)}</label>
              </div>
            ))}
            {Object.entries(errors)
              .filter(([k]) => k.startsWith('interlinked.'))
              .map(([, m]) => (
                <p class="error">{m}</p>
              ))}
          </fieldset>
        )}
        <fieldset>
          <legend>{t('civilPage.feeAndSigner')}</legend>
          {kind !== 'marriage' && (
            <p class="hint">{t('civilPage.lateFee', { amount: options.lateFeeVnd })}</p>
          )}
          {options.exemptions.map((e) => (
            <div>
              <input
                type="checkbox"
                id={`exemption-${e.code}`}
                name={`exemption-${e.code}`}
                checked={checked(`exemption-${e.code}`)}
              />{' '}
              <label for={`exemption-${e.code}`}>{e.name}</label>
            </div>
          ))}
          <Field
            name="copies"
            label={t('civilPage.copies', { amount: options.copyFeeVnd })}
            errors={errors}
            value={v('copies') === '' ? '0' : v('copies')}
            inputmode="numeric"
            pattern="[0-9]{1,2}"
          />
          <SelectField
            name="paymentMethod"
            label={t('civilPage.paymentMethod')}
            errors={errors}
            value={v('paymentMethod')}
            options={[
              { value: 'cash', label: t('civilPage.cash') },
              { value: 'bank_transfer', label: t('civilPage.transfer') },
            ]}
          />
          <Field
            name="payment.reference"
            label={t('civilPage.paymentReference')}
            errors={errors}
            value={v('payment.reference')}
          />
          <SelectField
            name="signerId"
            label={t('civilPage.signer')}
            errors={errors}
            value={v('signerId')}
            options={options.leaders.map((l) => ({ value: l.id, label: l.name }))}
          />
          <Field name="note" label={t('civilPage.note')} errors={errors} value={v('note')} />
        </fieldset>
        <button type="submit">{t('civilPage.registerButton')}</button>
      </form>
    </Layout>
  );
}

function factRows(page: PageContext, record: CivilRecord): [string, string][] {
  const { t } = page;
  const sex = (s: string) => (s === 'male' ? t('civilPage.male') : t('civilPage.female'));
  switch (record.kind) {
    case 'birth': {
      const f = record.facts;
      const parent = (label: PlainMessageKey, p: typeof f.mother): [string, string][] =>
        p === null
          ? [[t(label), '—']]
          : [
              [
                t(label),
                `${p.fullName} (${p.birthYear}) · ${p.ethnicity} · ${p.nationality}${p.residence === '' ? '' : ` · ${p.residence}`}${p.citizenId === null ? '' : ` · ${p.citizenId}`}`,
              ],
            ];
      return [
        [t('civilPage.child'), f.child.fullName],
        [t('civilPage.sex'), sex(f.child.sex)],
        [t('civilPage.dateOfBirth'), dmy(f.child.dateOfBirth)],
        [t('civilPage.placeOfBirth'), f.child.placeOfBirth],
        [t('civilPage.hometown'), f.child.hometown],
        [t('civilPage.ethnicity'), f.child.ethnicity],
        [t('civilPage.nationality'), f.child.nationality],
        [t('civilPage.citizenId'), f.child.personalId ?? '—'],
        ...parent('civilPage.mother', f.mother),
        ...parent('civilPage.father', f.father),
      ];
    }
    case 'death': {
      const f = record.facts;
      return [
        [t('civilPage.deceased'), f.deceased.fullName],
        [t('civilPage.sex'), sex(f.deceased.sex)],
        [t('civilPage.dateOfBirth'), dmy(f.deceased.dateOfBirth)],
        [t('civilPage.citizenId'), f.deceased.personalId ?? '—'],
        [t('civilPage.lastResidence'), f.deceased.lastResidence],
        [
          t('civilPage.dateOfDeath'),
          `${dmy(f.dateOfDeath)}${f.timeOfDeath === null ? '' : ` ${f.timeOfDeath}`}`,
        ],
        [t('civilPage.placeOfDeath'), f.placeOfDeath],
        [t('civilPage.cause'), f.cause],
      ];
    }
    case 'marriage':
      return (['husband', 'wife'] as const).map((party) => {
        const s = record.facts[party];
        return [
          t(`civilPage.${party}`),
          `${s.fullName} · ${dmy(s.dateOfBirth)} · ${s.ethnicity} · ${s.nationality} · ${s.residence} · ${s.citizenId}`,
        ];
      });
  }
}

export function RecordPage({
  page,
  view,
  notice,
  errors,
  values,
  can,
}: {
  page: PageContext;
  view: RecordView;
  notice?: string;
  errors: FieldErrors;
  values: FormValues;
  can: { correct: boolean; copy: boolean };
}) {
  const { t, lang } = page;
  const r = view.record;
  const book = formatBook(r.book.bookNo, r.book.year);
  return (
    <Layout page={page} title={t('civilPage.recordTitle', { number: r.number, book })}>
      <h1>
        {t(`civilKind.${r.kind}`)} — {t('civilPage.entryLabel', { number: r.number, book })}
      </h1>
      {notice !== undefined && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {view.possibleDuplicates.length > 0 && (
        <div class="alert" role="alert">
          <p>{t('civilPage.duplicates')}</p>
          <ul>
            {view.possibleDuplicates.map((d) => (
              <li>
                {d.unitCode} — {d.label}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ErrorSummary page={page} errors={errorList(errors)} />
      <Card title={t('civilPage.facts')}>
        <dl class="facts">
          {factRows(page, r).map(([k, val]) => (
            <>
              <dt>{k}</dt>
              <dd>{val}</dd>
            </>
          ))}
          <dt>{t('civilPage.registeredOn')}</dt>
          <dd>
            {dmy(r.registeredOn)}
            {r.late && (
              <>
                {' '}
                <span class="badge late">{t('civilPage.late')}</span>
              </>
            )}
          </dd>
          <dt>{t('civilPage.declarant')}</dt>
          <dd>
            {r.declarant === null
              ? '—'
              : `${r.declarant.fullName} (${r.declarant.relationship}) · ${r.declarant.citizenId}`}
          </dd>
          <dt>{t('civilPage.officer')}</dt>
          <dd>{r.officerName}</dd>
          <dt>{t('civilPage.signer')}</dt>
          <dd>{r.signer.name}</dd>
          <dt>{t('civilPage.rules')}</dt>
          <dd>{t(`civilRules.${r.rules}`)}</dd>
          {r.dossierCode !== null && (
            <>
              <dt>{t('civilPage.dossier')}</dt>
              <dd>
                <a href={`/dossiers/${r.dossierId ?? ''}`}>{r.dossierCode}</a>
              </dd>
            </>
          )}
        </dl>
      </Card>
      <p class="actions">
        <a class="button" href={`/civil/records/${r.id}/certificate.pdf`}>
          {t(`civilPage.print.${r.kind}`)}
        </a>
      </p>
      {view.interlinked.length > 0 && (
        <Card title={t('civilPage.interlinked')}>
          <div class="table-wrap" tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('civilPage.service')}</th>
                  <th scope="col">{t('civilPage.status')}</th>
                  <th scope="col">{t('civilPage.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {view.interlinked.map((m) => (
                  <tr>
                    <td>{t(`interlink.${m.service}` as PlainMessageKey)}</td>
                    <td>
                      {m.status}
                      {m.attempts > 1 ? ` (${m.attempts})` : ''}
                      {m.lastError === null ? '' : ` — ${m.lastError}`}
                    </td>
                    <td>{formatDateTime(lang, m.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
      <Card title={t('civilPage.history')}>
        <ol>
          {view.history.map((h) => {
            const payload = h.payload as {
              changes?: {
                path: string;
                from: string | number | null;
                to: string | number | null;
              }[];
              reason?: string;
              legalBasis?: string;
              copies?: number;
              type?: string;
            };
            return (
              <li>
                <strong>
                  {t(`civilEvent.${h.type.replace('civil.', '')}` as PlainMessageKey)}
                </strong>
                {payload.type === 'supplement' && ` (${t('civilPage.supplement')})`} —{' '}
                {formatDateTime(lang, h.at)}
                {h.actorName === null ? '' : ` — ${h.actorName}`}
                {payload.changes !== undefined && (
                  <ul>
                    {payload.changes.map((c) => (
                      <li>
                        {t(`civilField.${c.path}` as PlainMessageKey)}: “{String(c.from ?? '—')}” →
                        “{String(c.to ?? '—')}”
                      </li>
                    ))}
                    <li>
                      {t('civilPage.reason')}: {payload.reason}
                    </li>
                    <li>
                      {t('civilPage.legalBasis')}: {payload.legalBasis}
                    </li>
                  </ul>
                )}
                {payload.copies !== undefined &&
                  ` — ${t('civilPage.copiesIssued', { count: payload.copies })}`}
              </li>
            );
          })}
        </ol>
      </Card>
      {can.copy && (
        <Card title={t('civilPage.copiesTitle')}>
          <form method="post" action={`/civil/records/${r.id}/copies`}>
            <CsrfField token={page.csrf} />
            <Field
              name="copies"
              label={t('civilPage.copiesCount')}
              errors={errors}
              value={values['copies'] ?? '1'}
              inputmode="numeric"
              pattern="[0-9]{1,2}"
              required
            />
            <Field
              name="requestedBy"
              label={t('civilPage.requestedBy')}
              errors={errors}
              value={values['requestedBy'] ?? ''}
              required
            />
            <Field
              name="payment.reference"
              label={t('civilPage.paymentReference')}
              errors={errors}
              value={values['payment.reference'] ?? ''}
            />
            <button type="submit">{t('civilPage.issueCopies')}</button>
          </form>
        </Card>
      )}
      {can.correct && (
        <Card title={t('civilPage.correctTitle')}>
          <form method="post" action={`/civil/records/${r.id}/corrections`}>
            <CsrfField token={page.csrf} />
            <SelectField
              name="type"
              label={t('civilPage.correctionType')}
              errors={errors}
              value={values['type'] ?? 'correction'}
              options={[
                { value: 'correction', label: t('civilPage.correction') },
                { value: 'supplement', label: t('civilPage.supplement') },
              ]}
            />
            <SelectField
              name="changes.0.path"
              label={t('civilPage.field')}
              errors={errors}
              value={values['changes.0.path'] ?? ''}
              options={correctablePaths(r.kind).map((p) => ({
                value: p,
                label: `${t(`civilField.${p}` as PlainMessageKey)} (${String(factAt(r, p) ?? '—')})`,
              }))}
            />
            <Field
              name="changes.0.to"
              label={t('civilPage.newValue')}
              errors={errors}
              value={values['changes.0.to'] ?? ''}
              required
            />
            <Field
              name="reason"
              label={t('civilPage.reason')}
              errors={errors}
              value={values['reason'] ?? ''}
              required
            />
            <Field
              name="legalBasis"
              label={t('civilPage.legalBasis')}
              errors={errors}
              value={values['legalBasis'] ?? ''}
              hint={t('civilPage.legalBasisHint')}
              required
            />
            <button type="submit">{t('civilPage.correctButton')}</button>
          </form>
        </Card>
      )}
      <p>
        <a href={`/civil/books/${r.kind}/${r.book.year}/${r.book.bookNo}`}>
          {t('civilPage.openBook', { book })}
        </a>{' '}
        · {t('civilPage.updatedAt', { at: formatDate(lang, r.updatedAt) })}
      </p>
    </Layout>
  );
}

export interface InterlinkRow {
  readonly service: string;
  readonly recipient: string;
  readonly status: string;
  readonly attempts: number;
  readonly updatedAt: string;
  readonly lastError: string | null;
}

export function BooksPage({
  page,
  books,
  errors,
  values,
  canManage,
  notice,
}: {
  page: PageContext;
  books: readonly BookView[];
  errors: FieldErrors;
  values: FormValues;
  canManage: boolean;
  notice?: string;
}) {
  const { t } = page;
  const year = page.node.role === 'commune' ? Number(values['year'] ?? '') || null : null;
  return (
    <Layout page={page} title={t('civilPage.books')}>
      <h1>{t('civilPage.books')}</h1>
      {notice !== undefined && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorSummary page={page} errors={errorList(errors)} />
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('civilPage.kind')}</th>
              <th scope="col">{t('civilPage.book')}</th>
              <th scope="col">{t('civilPage.numbers')}</th>
              <th scope="col">{t('civilPage.entries')}</th>
              <th scope="col">{t('civilPage.status')}</th>
            </tr>
          </thead>
          <tbody>
            {books.map((b) => (
              <tr>
                <td>{t(`civilKind.${b.kind}`)}</td>
                <td>
                  <a href={`/civil/books/${b.kind}/${b.year}/${b.bookNo}`}>{b.label}</a>
                </td>
                <td>
                  {b.lastNumber >= b.firstNumber
                    ? `${b.firstNumber}–${b.lastNumber}`
                    : `${b.firstNumber}–`}
                </td>
                <td>{b.entries}</td>
                <td>
                  {b.closedOn === null
                    ? t('civilPage.bookOpen')
                    : t(
                        b.closeReason === 'year_end'
                          ? 'civilPage.closedYearEnd'
                          : 'civilPage.closedFull',
                        {
                          date: dmy(b.closedOn),
                        },
                      )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canManage && (
        <>
          <Card title={t('civilPage.openBookTitle')}>
            <p class="hint">{t('civilPage.openBookHint')}</p>
            <form method="post" action="/civil/books">
              <CsrfField token={page.csrf} />
              <SelectField
                name="kind"
                label={t('civilPage.kind')}
                errors={errors}
                value={values['kind'] ?? 'birth'}
                options={(['birth', 'death', 'marriage'] as const).map((k) => ({
                  value: k,
                  label: t(`civilKind.${k}`),
                }))}
              />
              <Field
                name="year"
                label={t('civilPage.year')}
                errors={errors}
                value={year === null ? (values['year'] ?? '') : String(year)}
                inputmode="numeric"
                required
              />
              <Field
                name="bookNo"
                label={t('civilPage.bookNo')}
                errors={errors}
                value={values['bookNo'] ?? ''}
                inputmode="numeric"
                required
              />
              <Field
                name="firstNumber"
                label={t('civilPage.firstNumber')}
                errors={errors}
                value={values['firstNumber'] ?? ''}
                inputmode="numeric"
                required
              />
              <Field
                name="note"
                label={t('civilPage.note')}
                errors={errors}
                value={values['note'] ?? ''}
              />
              <button type="submit">{t('civilPage.openBookButton')}</button>
            </form>
          </Card>
          <Card title={t('civilPage.closeTitle')}>
            <form method="post" action="/civil/books/close">
              <CsrfField token={page.csrf} />
              <SelectField
                name="reason"
                label={t('civilPage.closeReason')}
                errors={errors}
                value={values['reason'] ?? 'year_end'}
                options={[
                  { value: 'year_end', label: t('civilPage.closeYearEnd') },
                  { value: 'full', label: t('civilPage.closeFull') },
                ]}
              />
              <Field
                name="year"
                label={t('civilPage.year')}
                errors={errors}
                value={values['closeYear'] ?? ''}
                inputmode="numeric"
                required
              />
              <SelectField
                name="kind"
                label={t('civilPage.kindIfFull')}
                errors={errors}
                value={values['closeKind'] ?? ''}
                options={[
                  { value: '', label: t('civilPage.allKinds') },
                  ...(['birth', 'death', 'marriage'] as const).map((k) => ({
                    value: k,
                    label: t(`civilKind.${k}`),
                  })),
                ]}
              />
              <button type="submit">{t('civilPage.closeButton')}</button>
            </form>
          </Card>
        </>
      )}
    </Layout>
  );
}

export function BookPage({
  page,
  book,
  entries,
}: {
  page: PageContext;
  book: BookView;
  entries: readonly BookEntry[];
}) {
  const { t } = page;
  const title = `${t(`civilBook.${book.kind}`)} — ${t('civilPage.bookLabel', { book: book.label })}`;
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      <p>
        {t('civilPage.bookSummary', {
          entries: book.entries,
          first: book.firstNumber,
          last: Math.max(book.lastNumber, book.firstNumber - 1),
        })}
      </p>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('civilPage.number')}</th>
              <th scope="col">{t('civilPage.registeredOn')}</th>
              <th scope="col">{t('civilPage.principal')}</th>
              <th scope="col">{t('civilPage.notes')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr>
                <td>
                  <a href={`/civil/records/${e.id}`}>{e.number}</a>
                </td>
                <td>{dmy(e.registeredOn)}</td>
                <td>{e.principalName}</td>
                <td>
                  {e.late && <span class="badge late">{t('civilPage.late')}</span>}{' '}
                  {e.corrections > 0 && t('civilPage.corrected', { count: e.corrections })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

function SealFactsList({
  page,
  facts,
  unitName,
}: {
  page: PageContext;
  facts: SealFacts;
  unitName: (code: string) => string;
}) {
  const { t } = page;
  const rows: [string, string][] = [
    [
      t('civilPage.kind'),
      `${t(`civilKind.${facts.kind}`)}${facts.isCopy ? ` (${t('civilPage.copy')})` : ''}`,
    ],
    [t('civilPage.unit'), `${unitName(facts.unitCode)} (${facts.unitCode})`],
    [t('civilPage.entry'), t('civilPage.entryLabel', { number: facts.number, book: facts.book })],
    [t('civilPage.registeredOn'), dmy(facts.registeredOn)],
    [t('civilPage.issuedOn'), dmy(facts.issuedOn)],
  ];
  switch (facts.kind) {
    case 'birth':
      rows.push(
        [t('civilPage.child'), facts.childFullName],
        [t('civilPage.dateOfBirth'), dmy(facts.dateOfBirth)],
        [t('civilPage.sex'), facts.sex === 'male' ? t('civilPage.male') : t('civilPage.female')],
        [t('civilPage.mother'), facts.motherFullName ?? '—'],
        [t('civilPage.father'), facts.fatherFullName ?? '—'],
      );
      break;
    case 'death':
      rows.push(
        [t('civilPage.deceased'), facts.deceasedFullName],
        [t('civilPage.dateOfBirth'), dmy(facts.dateOfBirth)],
        [t('civilPage.dateOfDeath'), dmy(facts.dateOfDeath)],
      );
      break;
    case 'marriage':
      rows.push(
        [t('civilPage.husband'), `${facts.husbandFullName} (${dmy(facts.husbandDateOfBirth)})`],
        [t('civilPage.wife'), `${facts.wifeFullName} (${dmy(facts.wifeDateOfBirth)})`],
      );
      break;
  }
  return (
    <dl class="facts">
      {rows.map(([k, val]) => (
        <>
          <dt>{k}</dt>
          <dd>{val}</dd>
        </>
      ))}
    </dl>
  );
}

export function VerifyPage({
  page,
  scanned,
  check,
  unitName,
}: {
  page: PageContext;
  scanned: string;
  check: CertificateCheck;
  unitName: (code: string) => string;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('verify.title')}>
      <h1>{t('verify.title')}</h1>
      {check.outcome === 'valid' && (
        <div class="valid" role="status">
          <p>
            <strong>{t('verify.valid')}</strong>
          </p>
          <p>{check.inRegister ? t('verify.inRegister') : t('verify.notHeldHere')}</p>
          <SealFactsList page={page} facts={check.facts} unitName={unitName} />
        </div>
      )}
      {check.outcome === 'invalid' && (
        <div class="alert" role="alert">
          <p>
            <strong>{t('verify.invalid')}</strong> {t(`verify.reason.${check.reason}`)}
          </p>
          {check.claimed !== null && (
            <>
              <p>{t('verify.claimed')}</p>
              <SealFactsList page={page} facts={check.claimed} unitName={unitName} />
            </>
          )}
        </div>
      )}
      <form method="get" action="/verify" class="card">
        <label for="c">{t('verify.paste')}</label>
        <p class="hint">{t('verify.hint')}</p>
        <textarea id="c" name="c" rows={4} cols={60}>
          {scanned}
        </textarea>
        <button type="submit">{t('verify.button')}</button>
      </form>
    </Layout>
  );
}
