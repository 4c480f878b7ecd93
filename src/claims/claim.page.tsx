import type { ComponentChildren } from 'preact';
import type { ClaimStatus } from './claim-status';
import { sourceKinds } from './source-kind';
import { paragraphAround } from './paragraph';
import type { ClaimView } from './claim-page.service';
import { stances } from '../evidence/stance';
import type { EventWithActor } from '../history/history.service';
import { guards, type Move } from '../workflow/transitions';
import { Field, RefusalSummary, SafeLink } from '../web/form-fields';
import type { FormRefusal } from '../web/form';
import { CsrfInput, Layout } from '../web/layout';
import type { PageContext } from '../web/page-context';

/** A refused form: which one, what the person had typed, why; after a lost update, whose change came first. */
export type FormState = { form: string; values: Record<string, string>; refusal: FormRefusal; conflict?: EventWithActor | null };

type Props = { ctx: PageContext; view: ClaimView; mayChange: boolean; state?: FormState };

export function ClaimPage({ ctx, view, mayChange, state }: Props) {
  const { t } = ctx;
  const { claim, article } = view;
  // A lost anchor's offsets name the revision it was lost in, not this text: the quote is shown alone.
  const context = claim.anchorStatus === 'lost' ? { before: '', quote: claim.quote, after: '' } : paragraphAround(article.body, claim.start, claim.end);
  const formProps = { ctx, view, state };
  return (
    <Layout ctx={ctx} title={claim.summary ?? claim.quote} live={{ claims: [claim.id] }}>
      <p class="muted">
        <a href={`/articles/${article.id}`}>{article.title}</a>
      </p>
      <h1>{claim.summary ?? t('claimPage.title')}</h1>
      {state?.conflict !== undefined && <ConflictNotice ctx={ctx} conflict={state.conflict} />}
      {state && !formsShown(view, mayChange).includes(state.form) && <OrphanedForm ctx={ctx} state={state} />}
      {claim.anchorStatus === 'lost' && <p class="notice">{t('claim.anchorLostExplained')}</p>}
      <blockquote class="quote-in-context">
        <p>
          {context.before}
          <mark class={`status-${claim.status}`}>{context.quote}</mark>
          {context.after}
        </p>
      </blockquote>
      <dl class="facts">
        <dt>{t('claim.field.claimant')}</dt>
        <dd>{claim.claimant}</dd>
        <dt>{t('claimPage.status')}</dt>
        <dd data-live-region="claim-status-badge">
          <span class={`status status-${claim.status}`}>{t(`status.${claim.status}`)}</span>
          {claim.assigneeId && ` · ${t('claimPage.heldBy', { name: view.names[claim.assigneeId] ?? '' })}`}
        </dd>
      </dl>

      <div class="claim-layout">
        <div>
          <section aria-labelledby="verdict-heading" data-live-region="claim-verdict">
            <h2 id="verdict-heading">{t('claimPage.verdict')}</h2>
            <Verdict ctx={ctx} view={view} />
            {mayChange && view.moves.length > 0 && (
              <div class="moves">
                {view.moves.map((move) => (
                  <MoveForm {...formProps} move={move} />
                ))}
              </div>
            )}
          </section>

          <section aria-labelledby="sources-heading" data-live-region="claim-sources">
            <h2 id="sources-heading">{t('claimPage.sources')}</h2>
            <Sources {...formProps} mayEdit={mayChange && view.editable} />
          </section>

          <section aria-labelledby="evidence-heading" data-live-region="claim-evidence">
            <h2 id="evidence-heading">{t('claimPage.evidence')}</h2>
            <EvidenceList {...formProps} mayEdit={mayChange && view.editable} />
          </section>
        </div>
        <section aria-labelledby="history-heading" data-live-region="claim-history">
          <h2 id="history-heading">{t('claimPage.history')}</h2>
          <Timeline ctx={ctx} history={view.history} />
        </section>
      </div>
    </Layout>
  );
}

/** The forms this page shows this person: a refusal of any other (a forged or outdated post) is shown at the top. */
function formsShown(view: ClaimView, mayChange: boolean): string[] {
  if (!mayChange) return [];
  const content = view.editable ? ['sources', 'evidence', ...view.evidence.filter((piece) => !piece.retractedAt).map((piece) => `retract:${piece.id}`)] : [];
  return [...view.moves.map((move) => `move:${move.name}`), ...content];
}

const formBookkeeping = new Set(['version', 'to', 'move', 'action', 'index']);

/** A refused form the page no longer offers (the claim moved on, or the post was forged): why, and what was typed. */
function OrphanedForm({ ctx, state }: { ctx: PageContext; state: FormState }) {
  const typed = Object.entries(state.values).filter(([name, value]) => !formBookkeeping.has(name) && value.trim() !== '');
  return (
    <>
      {state.conflict === undefined && <RefusalSummary ctx={ctx} refusal={state.refusal} />}
      {typed.length > 0 && (
        <div class="kept-input">
          <p>{ctx.t('claimPage.yourInput')}</p>
          <dl>
            {typed.map(([name, value]) => (
              <>
                <dt>{name}</dt>
                <dd class="rationale">{value}</dd>
              </>
            ))}
          </dl>
        </div>
      )}
    </>
  );
}

function ConflictNotice({ ctx, conflict }: { ctx: PageContext; conflict: EventWithActor | null }) {
  const { t, format } = ctx;
  return (
    <div class="notice" role="alert" id="conflict">
      <p>
        {conflict
          ? t('claimPage.conflict', { name: conflict.actorName ?? t('claimPage.system'), time: format.dateTime(conflict.event.createdAt), change: t(`event.${conflict.event.action}`) })
          : t('claimPage.conflictUnknown')}
      </p>
      <p>{t('claimPage.conflictKept')}</p>
    </div>
  );
}

function Verdict({ ctx, view }: { ctx: PageContext; view: ClaimView }) {
  const { t } = ctx;
  const { claim } = view;
  const label = (id: string | null) => view.scale.ratings.find((rating) => rating.id === id)?.label ?? id ?? '';
  return (
    <>
      {claim.rating && (
        <p>
          {t('claimPage.published', { rating: label(claim.rating) })} <a href={`/fact-checks/${claim.id}`}>{t('claimPage.publicPage')}</a>
        </p>
      )}
      {claim.proposedRating && (
        <div class="proposal">
          <p>{t('claimPage.proposed', { rating: label(claim.proposedRating), name: view.names[claim.proposedBy ?? ''] ?? '' })}</p>
          <p class="rationale">{claim.proposedRationale}</p>
        </div>
      )}
      {!claim.rating && !claim.proposedRating && <p class="muted">{t('claimPage.noVerdict')}</p>}
    </>
  );
}

type FormProps = { ctx: PageContext; view: ClaimView; state?: FormState };

/** The state of this form after a refusal, if it was this one. */
const stateOf = (state: FormState | undefined, form: string) => (state?.form === form ? state : undefined);

function VersionedForm({ ctx, view, action, children, id }: { ctx: PageContext; view: ClaimView; action: string; id?: string; children: ComponentChildren }) {
  return (
    <form method="post" action={action} class="stack" id={id}>
      <CsrfInput ctx={ctx} />
      <input type="hidden" name="version" value={String(view.claim.version)} />
      {children}
    </form>
  );
}

function MoveForm({ ctx, view, state, move }: FormProps & { move: Move }) {
  const { t } = ctx;
  const form = `move:${move.name}`;
  const mine = stateOf(state, form);
  const values = mine?.values ?? {};
  const field = (name: string) => `${move.name}-${name}`;
  return (
    <details class="move" open={Boolean(mine)}>
      <summary>{t(`move.${move.name}`)}</summary>
      <RefusalSummary ctx={ctx} refusal={mine?.refusal} />
      <VersionedForm ctx={ctx} view={view} action={`/claims/${view.claim.id}/transitions`} id={`move-${move.name}`}>
        <input type="hidden" name="to" value={move.to} />
        <input type="hidden" name="move" value={move.name} />
        {move.accepts.includes('matchOf') && (
          <Field name={field('matchOf')} errorKey="matchOf" label={t('claimPage.matchOf')} refusal={mine?.refusal}>
            {(describedBy) => <input id={field('matchOf')} name="matchOf" required maxlength={36} value={values.matchOf} aria-describedby={describedBy} />}
          </Field>
        )}
        {move.accepts.includes('rating') && (
          <fieldset>
            <legend>{t('claimPage.rating')}</legend>
            {view.scale.ratings.map((rating) => (
              <div class="choice">
                <input type="radio" id={field(`rating-${rating.id}`)} name="rating" value={rating.id} checked={values.rating === rating.id} aria-describedby={field(`rating-${rating.id}-definition`)} />
                <label for={field(`rating-${rating.id}`)}>{rating.label}</label>
                <p class="muted hint" id={field(`rating-${rating.id}-definition`)}>
                  {rating.definition}
                </p>
              </div>
            ))}
          </fieldset>
        )}
        {move.accepts.includes('rationale') && (
          <Field name={field('rationale')} errorKey="rationale" label={t('claimPage.rationale')} refusal={mine?.refusal}>
            {(describedBy) => (
              <textarea id={field('rationale')} name="rationale" rows={6} aria-describedby={describedBy}>
                {values.rationale}
              </textarea>
            )}
          </Field>
        )}
        {move.accepts.includes('note') && (
          <Field name={field('note')} errorKey="note" label={t(move.guards.includes(guards.noteGiven) ? 'claimPage.noteRequired' : 'claimPage.note')} refusal={mine?.refusal}>
            {(describedBy) => (
              <textarea id={field('note')} name="note" rows={3} aria-describedby={describedBy}>
                {values.note}
              </textarea>
            )}
          </Field>
        )}
        <div>
          <button type="submit">{t(`move.${move.name}`)}</button>
        </div>
      </VersionedForm>
    </details>
  );
}

function Sources({ ctx, view, state, mayEdit }: FormProps & { mayEdit: boolean }) {
  const { t } = ctx;
  const { sources } = view;
  const mine = stateOf(state, 'sources');
  const values = mine?.values ?? {};
  const hopAction = (index: number, action: 'up' | 'down' | 'remove', label: string) => (
    <VersionedForm ctx={ctx} view={view} action={`/claims/${view.claim.id}/sources`}>
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="index" value={String(index)} />
      <button type="submit" class="secondary">
        {label}
      </button>
    </VersionedForm>
  );
  return (
    <>
      {sources.length === 0 ? (
        <p class="muted">{t('claimPage.noSources')}</p>
      ) : (
        <ol class="chain">
          {sources.map((source, index) => (
            <li>
              <SafeLink href={source.url}>{source.name}</SafeLink> <span class="muted">({t(`sourceKind.${source.kind}`)})</span>
              {source.note && <p class="muted">{source.note}</p>}
              {mayEdit && (
                <div class="row hop-actions">
                  {index > 0 && hopAction(index, 'up', t('claimPage.hopUp', { name: source.name }))}
                  {index < sources.length - 1 && hopAction(index, 'down', t('claimPage.hopDown', { name: source.name }))}
                  {hopAction(index, 'remove', t('claimPage.hopRemove', { name: source.name }))}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {mayEdit && (
        <details open={Boolean(mine)}>
          <summary>{t('claimPage.addHop')}</summary>
          <RefusalSummary ctx={ctx} refusal={mine?.refusal} />
          <VersionedForm ctx={ctx} view={view} action={`/claims/${view.claim.id}/sources`} id="add-hop">
            <input type="hidden" name="action" value="add" />
            <Field name="hop-name" errorKey="sources" refusal={mine?.refusal} label={t('claimPage.hopName')}>
              {(describedBy) => <input id="hop-name" name="name" required maxlength={300} value={values.name} aria-describedby={describedBy} />}
            </Field>
            <Field name="hop-kind" label={t('claimPage.hopKind')}>
              {(describedBy) => (
                <select id="hop-kind" name="kind" aria-describedby={describedBy}>
                  {sourceKinds.map((kind) => (
                    <option value={kind} selected={values.kind === kind}>
                      {t(`sourceKind.${kind}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="hop-url" label={t('claimPage.hopUrl')}>
              {(describedBy) => <input id="hop-url" name="url" inputmode="url" maxlength={2048} value={values.url} aria-describedby={describedBy} />}
            </Field>
            <Field name="hop-note" label={t('claimPage.note')}>
              {(describedBy) => <input id="hop-note" name="note" maxlength={2000} value={values.note} aria-describedby={describedBy} />}
            </Field>
            <div>
              <button type="submit">{t('claimPage.addHop')}</button>
            </div>
          </VersionedForm>
        </details>
      )}
    </>
  );
}

function EvidenceList({ ctx, view, state, mayEdit }: FormProps & { mayEdit: boolean }) {
  const { t, format } = ctx;
  const mine = stateOf(state, 'evidence');
  const values = mine?.values ?? {};
  return (
    <>
      {view.evidence.length === 0 ? (
        <p class="muted">{t('claimPage.noEvidence')}</p>
      ) : (
        <ul class="evidence">
          {view.evidence.map((piece) => {
            const retracting = stateOf(state, `retract:${piece.id}`);
            return (
              <li class={piece.retractedAt ? 'retracted' : undefined}>
                <p>
                  <SafeLink href={piece.url}>{piece.title ?? piece.url}</SafeLink> <span class="muted">{piece.publisher ?? ''}</span>{' '}
                  <span class={`stance stance-${piece.stance}`}>{t(`stance.${piece.stance}`)}</span>
                  {piece.archiveUrl && (
                    <>
                      {' '}
                      <SafeLink href={piece.archiveUrl}>{t('claimPage.archived')}</SafeLink>
                    </>
                  )}
                </p>
                {piece.excerpt && <blockquote>{piece.excerpt}</blockquote>}
                {piece.note && <p class="muted">{piece.note}</p>}
                <p class="muted">{t('claimPage.addedBy', { name: view.names[piece.addedBy] ?? '', time: format.dateTime(piece.createdAt) })}</p>
                {piece.retractedAt ? (
                  <p class="notice">{t('claimPage.retracted', { name: view.names[piece.retractedBy ?? ''] ?? '', reason: piece.retractionReason ?? '' })}</p>
                ) : (
                  mayEdit && (
                    <details open={Boolean(retracting)}>
                      <summary>{t('claimPage.retract')}</summary>
                      <RefusalSummary ctx={ctx} refusal={retracting?.refusal} />
                      <VersionedForm ctx={ctx} view={view} action={`/claims/${view.claim.id}/evidence/${piece.id}/retraction`}>
                        <Field name={`reason-${piece.id}`} errorKey="reason" refusal={retracting?.refusal} label={t('claimPage.retractReason')}>
                          {(describedBy) => (
                            <textarea id={`reason-${piece.id}`} name="reason" rows={2} required aria-describedby={describedBy}>
                              {retracting?.values.reason}
                            </textarea>
                          )}
                        </Field>
                        <div>
                          <button type="submit">{t('claimPage.retract')}</button>
                        </div>
                      </VersionedForm>
                    </details>
                  )
                )}
              </li>
            );
          })}
        </ul>
      )}
      {mayEdit && (
        <details open={Boolean(mine)}>
          <summary>{t('claimPage.addEvidence')}</summary>
          <RefusalSummary ctx={ctx} refusal={mine?.refusal} />
          <VersionedForm ctx={ctx} view={view} action={`/claims/${view.claim.id}/evidence`} id="add-evidence">
            {(['url', 'title', 'publisher', 'archiveUrl'] as const).map((name) => (
              <Field name={`evidence-${name}`} errorKey={name} label={t(`evidence.field.${name}`)} refusal={mine?.refusal}>
                {(describedBy) => (
                  <input id={`evidence-${name}`} name={name} required={name === 'url'} maxlength={name.endsWith('rl') ? 2048 : 500} value={values[name]} aria-describedby={describedBy} />
                )}
              </Field>
            ))}
            <Field name="evidence-stance" errorKey="stance" refusal={mine?.refusal} label={t('evidence.field.stance')}>
              {(describedBy) => (
                <select id="evidence-stance" name="stance" aria-describedby={describedBy}>
                  {stances.map((stance) => (
                    <option value={stance} selected={values.stance === stance}>
                      {t(`stance.${stance}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="evidence-excerpt" errorKey="excerpt" refusal={mine?.refusal} label={t('evidence.field.excerpt')}>
              {(describedBy) => (
                <textarea id="evidence-excerpt" name="excerpt" rows={3} aria-describedby={describedBy}>
                  {values.excerpt}
                </textarea>
              )}
            </Field>
            <Field name="evidence-note" label={t('claimPage.note')}>
              {(describedBy) => <input id="evidence-note" name="note" maxlength={2000} value={values.note} aria-describedby={describedBy} />}
            </Field>
            <div>
              <button type="submit">{t('claimPage.addEvidence')}</button>
            </div>
          </VersionedForm>
        </details>
      )}
    </>
  );
}

function Timeline({ ctx, history }: { ctx: PageContext; history: EventWithActor[] }) {
  const { t, format } = ctx;
  return (
    <ol class="timeline">
      {history.map(({ event, actorName }) => (
        <li>
          <p>
            <time datetime={event.createdAt.toISOString()}>{format.dateTime(event.createdAt)}</time> · {actorName ?? t('claimPage.system')} ·{' '}
            {t(`event.${event.action}`)}
            {event.fromStatus && event.toStatus && event.fromStatus !== event.toStatus && (
              <>
                {' '}
                ({t(`status.${event.fromStatus as ClaimStatus}`)} → {t(`status.${event.toStatus as ClaimStatus}`)})
              </>
            )}
          </p>
          {event.rating && <p>{t('claimPage.rating')}: {event.rating}</p>}
          {event.note && <p class="muted">{event.note}</p>}
        </li>
      ))}
    </ol>
  );
}
