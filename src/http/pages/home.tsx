// One home page per role: what this person is here to do, and their queue. The queues fill
// as the desk, civil-status and portal features arrive; the frame is the same for all roles.
import type { Authenticated } from '../../application/auth.js';
import type { DirectiveListItem } from '../../application/directives.js';
import { formatDate } from '../../i18n/format-time.js';
import type { Role } from '../../domain/roles.js';
import type { PlainMessageKey } from '../../i18n/messages.js';
import { Card } from './form.js';
import { Layout, type PageContext } from './layout.js';

const queueTitle: Readonly<Record<Role, PlainMessageKey | null>> = {
  citizen: 'home.citizen.dossiers',
  receiving_officer: 'home.receiving_officer.queue',
  specialist: 'home.specialist.queue',
  leader: 'home.leader.queue',
  province_admin: null,
  volunteer: 'home.volunteer.queue',
  service: null,
};

export function HomePage({
  page,
  auth,
  unitName,
  communesInProvince,
  directives = null,
}: {
  page: PageContext;
  auth: Authenticated;
  unitName: string;
  communesInProvince: number;
  /** At a commune: the province's directives waiting for this officer. */
  directives?: readonly DirectiveListItem[] | null;
}) {
  const { t } = page;
  const role = auth.actor.role;
  const queue = queueTitle[role];
  return (
    <Layout page={page} title={t(`home.${role}.title`)}>
      <h1>{t(`home.${role}.title`)}</h1>
      <p>{t('home.greeting', { name: auth.displayName })}</p>
      <p>{t('home.yourRole', { role: t(`role.${role}`), unit: unitName })}</p>
      <Card>
        <p>{t(`home.${role}.intro`)}</p>
        {role === 'province_admin' && (
          <p>{t('home.province_admin.communes', { count: communesInProvince })}</p>
        )}
      </Card>
      {(role === 'citizen' || role === 'volunteer') && (
        <Card title={t('home.links')}>
          <ul>
            <li>
              <a href="/portal">{t('portal.title')}</a>
            </li>
            <li>
              <a href="/track">{t('nav.track')}</a>
            </li>
          </ul>
        </Card>
      )}
      {directives !== null && directives.length > 0 && (
        <Card title={t('home.directives')}>
          <ul>
            {directives.map(({ directive: d, own }) => (
              <li>
                <a href={`/directives/${d.id}`}>
                  {d.number} — {d.title}
                </a>{' '}
                <span class={own?.standing.late === true ? 'badge late' : 'badge info'}>
                  {t(`directive.progress.${own?.standing.progress ?? 'in_progress'}`)}
                </span>{' '}
                <span class="muted">
                  {t('home.directiveDue', { date: formatDate(page.lang, d.dueDate) })}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {queue !== null && (
        <Card title={t(queue)}>
          <p>{t('home.emptyQueue')}</p>
        </Card>
      )}
    </Layout>
  );
}
