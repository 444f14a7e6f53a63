/**
 * Rules outside testing found unenforced, through the API and the workspace pages alike: one open
 * referral per citizen and offer, no start before the cohort has begun, nothing recorded after a final
 * status, the closing report on the timeline, and withdrawal only after confirming.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import {
  act, type Cast, getPage, nextCitizenRef, OFFERS, postForm, refer, referralBody, startAppWithCast, todayIso,
} from './helpers.ts';

let t: TestApp;
let cast: Cast;
beforeAll(async () => ({ t, cast } = await startAppWithCast()));
afterAll(async () => { await t.close(); });

describe('one open referral per citizen and offer', () => {
  it('refuses a second referral of the same citizen to the same offer with 409 naming the open one', async () => {
    const citizenRef = nextCitizenRef('DOBBELT');
    const first = await refer(cast.caseworker, OFFERS.assessedSeats, { citizenRef });
    const second = await cast.caseworker.post('/api/v1/referrals', referralBody(OFFERS.assessedSeats, { citizenRef }));
    expect(second.status).toBe(409);
    expect(second.body.openReferralId).toBe(first.id);
    expect(second.body.message).toContain(`nr. ${first.id}`);
    // Another unit's caseworker cannot take a second seat for the same citizen either.
    expect((await cast.otherCaseworker.post('/api/v1/referrals', referralBody(OFFERS.assessedSeats, { citizenRef }))).status).toBe(409);
  });

  it('lets the same citizen be referred to other offers in parallel, and to the same offer again once the first has ended', async () => {
    const citizenRef = nextCitizenRef('PARALLEL');
    const first = await refer(cast.caseworker, OFFERS.assessedSeats, { citizenRef });
    await refer(cast.caseworker, OFFERS.assessedSeats2, { citizenRef });
    await act(cast.provider, first.id, ['decline'], { reason: 'Borgeren passer bedre til et andet tilbud' });
    await refer(cast.caseworker, OFFERS.assessedSeats, { citizenRef });
  });

  it('takes one seat only when the same direct-intake referral is sent twice at once', async () => {
    const citizenRef = nextCitizenRef('SAMTIDIG');
    const answers = await Promise.all([1, 2, 3].map(() => cast.caseworker.post('/api/v1/referrals', referralBody(OFFERS.directCohorts, { citizenRef }))));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
  });

  it('shows the refusal on the referral form, keeping what was typed', async () => {
    const citizenRef = nextCitizenRef('FORM');
    const first = await refer(cast.caseworker, OFFERS.assessedSeats, { citizenRef });
    const page = await postForm(t.app, cast.caseworker, `/tilbud/${OFFERS.assessedSeats}/henvis`, {
      citizenRef, purpose: 'Afklaring af borgerens helbred og arbejdsevne', consent: 'ja',
    });
    expect(page.status).toBe(400);
    expect(page.text).toContain(`henvisning nr. ${first.id}`);
    expect(page.text).toContain('Afklaring af borgerens helbred og arbejdsevne');
  });
});

describe('a course on a cohort', () => {
  const cohortsOf = async () => (await cast.provider.get(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`)).body.items as { id: number; startsOn: string }[];

  it('cannot start or complete before its cohort has begun', async () => {
    const upcoming = (await cohortsOf()).find((c) => c.startsOn > todayIso())!;
    expect(upcoming, 'an upcoming demo cohort').toBeTruthy();
    const r = await refer(cast.caseworker, OFFERS.assessedCohorts);
    await act(cast.provider, r.id, ['accept'], { cohortId: upcoming.id });
    const start = await cast.provider.post(`/api/v1/referrals/${r.id}/start`);
    expect(start.status).toBe(409);
    expect(start.body.cohortStartsOn).toBe(upcoming.startsOn);
    expect((await cast.provider.post(`/api/v1/referrals/${r.id}/complete`)).status).toBe(409);
    expect((await cast.provider.get(`/api/v1/referrals/${r.id}`)).body.nextStatuses).not.toContain('started');
    // The page offers no start button, and says when the cohort begins.
    const page = await getPage(t.app, cast.provider, `/arbejde/henvisninger/${r.id}`);
    expect(page.text).not.toContain('data-action="started"');
    expect(page.text).toContain('data-starts-later');
    // Once the cohort has begun, the course can start.
    const moved = await cast.provider.patch(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts/${upcoming.id}`, { startsOn: todayIso() });
    expect(moved.status, moved.text).toBe(200);
    await act(cast.provider, r.id, ['start', 'complete']);
  });

  it('starts at once on a cohort that has begun', async () => {
    const running = (await cohortsOf()).find((c) => c.startsOn <= todayIso())!;
    const r = await refer(cast.caseworker, OFFERS.assessedCohorts);
    await act(cast.provider, r.id, ['accept'], { cohortId: running.id });
    await act(cast.provider, r.id, ['start']);
  });
});

describe('recording on a referral', () => {
  it('takes sub-goals and WHO-5 while the course is ahead or running, never after a final status', async () => {
    const r = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, r.id, ['accept']);
    expect((await cast.provider.post(`/api/v1/referrals/${r.id}/sub-goals`, { text: 'Møde op hver uge' })).status).toBe(201);
    expect((await cast.provider.put(`/api/v1/referrals/${r.id}/who5`, { phase: 'start', items: [2, 2, 2, 2, 2] })).status).toBe(200);
    expect((await cast.provider.put(`/api/v1/referrals/${r.id}/who5`, { phase: 'end', items: [3, 3, 3, 3, 3] })).status).toBe(409);
    await act(cast.provider, r.id, ['start']);
    expect((await cast.provider.put(`/api/v1/referrals/${r.id}/who5`, { phase: 'end', items: [3, 3, 3, 3, 3] })).status).toBe(200);
    await act(cast.provider, r.id, ['complete']);
    const goal = await cast.provider.post(`/api/v1/referrals/${r.id}/sub-goals`, { text: 'Et delmål for sent' });
    expect(goal.status).toBe(409);
    expect(goal.body.message).toContain('Delmål');
    for (const phase of ['start', 'end']) {
      expect((await cast.provider.put(`/api/v1/referrals/${r.id}/who5`, { phase, items: [5, 5, 5, 5, 5] })).status).toBe(409);
    }
    const record = (await cast.provider.get(`/api/v1/referrals/${r.id}`)).body;
    expect(record.subGoals).toHaveLength(1);
    expect(record.who5.map((w: { score: number }) => w.score)).toEqual([40, 60]);
    // The outcome of a sub-goal may still be judged after the course.
    const [subGoal] = record.subGoals;
    expect((await cast.provider.patch(`/api/v1/referrals/${r.id}/sub-goals/${subGoal.id}`, { outcome: 'achieved' })).status).toBe(200);
  });

  it('refuses the same through the page forms', async () => {
    const r = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, r.id, ['accept', 'start', 'complete']);
    const url = `/arbejde/henvisninger/${r.id}`;
    const page = await getPage(t.app, cast.provider, url);
    expect(page.text).not.toContain('value="subgoal"');
    expect(page.text).not.toContain('Registrér WHO-5');
    const posted = await postForm(t.app, cast.provider, url, { action: 'subgoal', text: 'Et delmål for sent' });
    expect(posted.status).toBe(400);
    expect(posted.text).toContain('ikke efter forløbet er afsluttet');
    expect((await cast.provider.get(`/api/v1/referrals/${r.id}`)).body.subGoals).toEqual([]);
  });

  it('shows the closing report on the timeline of both sides', async () => {
    const r = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, r.id, ['accept', 'start', 'complete']);
    expect((await cast.provider.put(`/api/v1/referrals/${r.id}/closing-report`, { summary: 'Borgeren har gennemført forløbet med godt udbytte.' })).status).toBe(200);
    for (const client of [cast.caseworker, cast.provider]) {
      const page = await getPage(t.app, client, `/arbejde/henvisninger/${r.id}`);
      const timeline = page.text.slice(page.text.indexOf('data-timeline'));
      expect(timeline).toContain('data-kind="closing_report"');
      expect(timeline.indexOf('Gennemført')).toBeLessThan(timeline.indexOf('Afsluttende rapport sendt'));
    }
  });
});

describe('withdrawal', () => {
  it('asks for confirmation on the page before it withdraws', async () => {
    const r = await refer(cast.caseworker, OFFERS.assessedSeats);
    const url = `/arbejde/henvisninger/${r.id}`;
    const asked = await postForm(t.app, cast.caseworker, url, { action: 'withdrawn', reason: 'Borgeren er i job' });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('data-confirm="withdrawn"');
    expect(asked.text).toContain('value="Borgeren er i job"');
    expect((await cast.caseworker.get(`/api/v1/referrals/${r.id}`)).body.status).toBe('sent');
    const done = await postForm(t.app, cast.caseworker, url, { action: 'withdrawn', reason: 'Borgeren er i job', confirmed: 'ja' });
    expect(done.status).toBe(303);
    const after = (await cast.caseworker.get(`/api/v1/referrals/${r.id}`)).body;
    expect(after.status).toBe('withdrawn');
    expect(after.statusReason).toBe('Borgeren er i job');
    const receipt = await getPage(t.app, cast.caseworker, String(done.headers.location));
    expect(receipt.text).toContain('Henvisningen er trukket tilbage.');
  });

  it('asks before every other move that cannot be undone (declining, completing, dropping out, not starting)', async () => {
    const status = async (id: number) => (await cast.provider.get(`/api/v1/referrals/${id}`)).body.status;
    const declined = await refer(cast.caseworker, OFFERS.assessedSeats);
    const completed = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, completed.id, ['accept', 'start']);
    const notStarted = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, notStarted.id, ['accept']);
    const cases = [
      { id: declined.id, action: 'declined', reason: 'Borgeren passer bedre til Åben og Rolig', before: 'sent', message: 'Henvisningen er afvist, og sagsbehandleren har fået besked.' },
      { id: completed.id, action: 'completed', reason: '', before: 'started', message: 'Forløbet er markeret som gennemført.' },
      { id: notStarted.id, action: 'not_started', reason: '', before: 'accepted', message: 'Henvisningen er markeret som ikke startet.' },
    ];
    for (const c of cases) {
      const url = `/arbejde/henvisninger/${c.id}`;
      const asked = await postForm(t.app, cast.provider, url, { action: c.action, reason: c.reason });
      expect(asked.status, c.action).toBe(200);
      expect(asked.text, c.action).toContain(`data-confirm="${c.action}"`);
      expect(asked.text, c.action).toContain('kan ikke fortrydes');
      expect(await status(c.id), `${c.action} waits for the answer`).toBe(c.before);
      const done = await postForm(t.app, cast.provider, url, { action: c.action, reason: c.reason, confirmed: 'ja' });
      expect(done.status, c.action).toBe(303);
      expect(await status(c.id)).toBe(c.action);
      expect((await getPage(t.app, cast.provider, String(done.headers.location))).text, c.action).toContain(c.message);
    }
  });

  it('shows a missing reason beside its field before asking', async () => {
    const r = await refer(cast.caseworker, OFFERS.assessedSeats);
    const res = await postForm(t.app, cast.provider, `/arbejde/henvisninger/${r.id}`, { action: 'declined', reason: '' });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('data-confirm=');
    expect(res.text).toContain('id="reason-declined-error"');
    expect(res.text).toContain('href="#reason-declined"'); // the error summary links to the field of the form that failed
  });

  it('names what was done, never a bare "Gemt."', async () => {
    const r = await refer(cast.caseworker, OFFERS.assessedSeats);
    for (const [action, message] of [['received', 'Henvisningen er markeret som modtaget.'], ['subgoal', 'Delmålet er tilføjet.'], ['nonsense', '']] as const) {
      const page = await getPage(t.app, cast.provider, `/arbejde/henvisninger/${r.id}?udfoert=${action}`);
      if (message) expect(page.text).toContain(message);
      expect(page.text).not.toContain('Gemt.');
    }
  });

  it('says the notifications are read after "Markér alle som læst"', async () => {
    await refer(cast.caseworker, OFFERS.assessedSeats).then((r) => act(cast.provider, r.id, ['receive']));
    const res = await postForm(t.app, cast.caseworker, '/arbejde/notifikationer', {});
    expect(res.status).toBe(303);
    const page = await getPage(t.app, cast.caseworker, String(res.headers.location));
    expect(page.text).toContain('Alle notifikationer er markeret som læst.');
    expect(page.text).toContain('Ingen ulæste');
  });
});
