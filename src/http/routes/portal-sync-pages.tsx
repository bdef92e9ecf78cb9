// The province administrator's page of the hub's link to the national public-service portal
// (hub only): updates by status and the ones that failed or were refused.
import type { FastifyInstance } from 'fastify';
import { readPortalSync } from '../../application/portal-sync.js';
import { runUseCase } from '../../application/use-case.js';
import type { AppOptions } from '../app.js';
import { requestMeta } from '../context.js';
import { renderPage } from '../pages/layout.js';
import { PortalSyncPage } from '../pages/notifications.js';
import { html, pageContext, requireAuth } from './page-helpers.js';

type Options = Pick<AppOptions, 'services' | 'units' | 'version' | 'syncStatus'>;

export function registerPortalSyncPages(app: FastifyInstance, options: Options): void {
  const { services } = options;
  app.get('/admin/portal-sync', async (request, reply) => {
    const auth = requireAuth(request);
    const overview = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      readPortalSync(uc),
    );
    return html(
      reply,
      renderPage(
        <PortalSyncPage page={pageContext(options, request, reply)} overview={overview} />,
      ),
    );
  });
}
