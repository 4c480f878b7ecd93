import { Router, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { checkers, readers } from '../auth/authenticate';
import type { Config } from '../config/config';
import { AddEvidenceDto, RetractEvidenceDto } from '../evidence/evidence.dto';
import { addEvidence, retractEvidence } from '../evidence/evidence.service';
import { latestEvent } from '../history/history.service';
import { requireId } from '../http/ids';
import { parseBody } from '../http/validation';
import { verifyCsrfToken } from '../web/csrf';
import { formAsBody, formValues, tryForm } from '../web/form';
import { pageContext } from '../web/page-context';
import { sendPage } from '../web/render';
import { requireSignIn, sessionOf } from '../web/session';
import { TransitionDto } from '../workflow/transitions.dto';
import { transitionClaim } from '../workflow/workflow.service';
import { claimEtag } from './claim-command';
import { loadClaimView } from './claim-page.service';
import { ClaimPage, type FormState } from './claim.page';
import { UpdateClaimDto, type SourceHopDto } from './claims.dto';
import { loadSources, updateClaim } from './claims.service';
import { presentSource } from './claim.presenter';

/** The version a form was read at, as the If-Match the API would send (none: the service answers 428). */
const ifMatchOf = (form: unknown): string | undefined => {
  const version = (form as Record<string, unknown> | undefined)?.version;
  return typeof version === 'string' && /^\d{1,9}$/.test(version) ? claimEtag({ version: Number(version) }) : undefined;
};

/** A chain edit from the claim page, applied to the chain as it is now: the whole chain goes to the same update as PATCH. */
function editedChain(current: SourceHopDto[], form: Record<string, unknown>): unknown[] {
  const index = Number(form.index);
  const chain: unknown[] = [...current];
  switch (form.action) {
    case 'add':
      return [...chain, formAsBody({ name: form.name, kind: form.kind, url: form.url, note: form.note })];
    case 'remove':
      return chain.filter((_hop, position) => position !== index);
    case 'up':
    case 'down': {
      const other = form.action === 'up' ? index - 1 : index + 1;
      if (chain[index] === undefined || chain[other] === undefined) return chain;
      [chain[index], chain[other]] = [chain[other], chain[index]];
      return chain;
    }
    default:
      return chain;
  }
}

/** /claims/:id and its forms: each posts what the API route takes and calls the same service. */
export function claimPages(db: DataSource, config: Config): Router {
  const router = Router();

  const sendClaim = async (req: Request, res: Response, state?: FormState, status = 200) => {
    const person = sessionOf(req).person;
    const view = await loadClaimView(db, requireId(req.params.id, 'claim'), person);
    sendPage(res, <ClaimPage ctx={pageContext(req, config)} view={view} mayChange={checkers.includes(person.role)} state={state} />, status);
  };

  /** Runs a form's change; refused, the page comes back with the input kept and, after a lost update, who came first. */
  const handleForm = (form: (req: Request) => string, change: (req: Request, claimId: string) => Promise<unknown>, anchor: string) =>
    async (req: Request, res: Response) => {
      const claimId = requireId(req.params.id, 'claim');
      const result = await tryForm(() => change(req, claimId));
      if ('refused' in result) {
        const conflict = result.status === 412 ? await latestEvent(db.manager, claimId) : undefined;
        await sendClaim(req, res, { form: form(req), values: formValues(req.body), refusal: result.refused, conflict }, result.status);
        return;
      }
      res.redirect(303, `/claims/${claimId}#${anchor}`);
    };

  router.get('/claims/:id', requireSignIn(...readers), (req, res) => sendClaim(req, res));

  const write = [requireSignIn(...checkers), verifyCsrfToken];

  router.post(
    '/claims/:id/transitions',
    ...write,
    handleForm(
      (req) => `move:${String((req.body as Record<string, unknown>).move)}`,
      async (req, claimId) => {
        // `move` names the form (two moves may share their statuses); the workflow decides the move as for the API.
        const input = await parseBody(TransitionDto, formAsBody(req.body, { ignore: ['version', 'move'] }));
        return transitionClaim(db, claimId, ifMatchOf(req.body), sessionOf(req).person, input);
      },
      'verdict-heading',
    ),
  );

  router.post(
    '/claims/:id/evidence',
    ...write,
    handleForm(
      () => 'evidence',
      async (req, claimId) => {
        const input = await parseBody(AddEvidenceDto, formAsBody(req.body, { ignore: ['version'] }));
        return addEvidence(db, claimId, ifMatchOf(req.body), sessionOf(req).person, input, config.evidencePerClaimMax);
      },
      'evidence-heading',
    ),
  );

  router.post(
    '/claims/:id/evidence/:evidenceId/retraction',
    ...write,
    handleForm(
      (req) => `retract:${String(req.params.evidenceId)}`,
      async (req, claimId) => {
        const { reason } = await parseBody(RetractEvidenceDto, formAsBody(req.body, { ignore: ['version'] }));
        return retractEvidence(db, claimId, requireId(req.params.evidenceId, 'evidence'), ifMatchOf(req.body), sessionOf(req).person, reason);
      },
      'evidence-heading',
    ),
  );

  router.post(
    '/claims/:id/sources',
    ...write,
    handleForm(
      () => 'sources',
      async (req, claimId) => {
        const current = (await loadSources(db.manager, claimId)).map(({ name, kind, url, note }) => formAsBody(presentSource({ position: 0, name, kind, url, note }), { ignore: ['position'] }));
        const input = await parseBody(UpdateClaimDto, { sources: editedChain(current as unknown as SourceHopDto[], req.body as Record<string, unknown>) });
        return updateClaim(db, claimId, ifMatchOf(req.body), sessionOf(req).person, input);
      },
      'sources-heading',
    ),
  );

  return router;
}
