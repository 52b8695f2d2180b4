// A fake `window.__TAURI_INTERNALS__.invoke` for looking at the UI in a plain browser.
// It follows the IPC contract (briefs/ipc.md) with a small, realistic library:
// three sections, a handful of items (one a story behind a content warning),
// the support directory, bookmarks with collections, preferences and notices.
// Never shipped: tests/ui/preview.mjs injects it before ui/main.js.
//
// Scenario knobs, read from the page's query string (before the #):
//   theme=light|dark|high-contrast|system  text=100..200  motion=on|off|system
//   notice=1           a start-up notice
//   org=1 | org=error  organisation contacts, or an organisation error
//   bookmarks=none     start with no bookmarks
//   sections=12        list all twelve real sections on the home page
//   fail=<command>     make one command reject with an internal error
(function () {
  'use strict';

  const knobs = new URLSearchParams(location.search);

  const SECTIONS = [
    { id: 'start-here', title: 'Start here', summary: 'Short answers to the questions people ask first, and what to do if something has just happened.' },
    { id: 'for-you', title: 'If you have been involved', summary: 'Practical, kind guidance for the days, weeks and months after an incident.' },
    { id: 'stories', title: 'Staff stories', summary: 'Illustrative accounts of staff in different roles: what happened to them, and what helped.' },
  ];

  const EXTRA_SECTIONS = [
    ['about', 'About this guide', 3],
    ['understanding', 'Understanding what happens to staff', 6],
    ['what-to-expect', 'What happens next', 8],
    ['supporting-others', 'Supporting a colleague', 6],
    ['organisations', 'For organisations and leaders', 5],
    ['research', 'Research and news in brief', 9],
    ['resources', 'Resources', 8],
    ['case-studies', 'How organisations support staff', 5],
    ['workshops', 'Running a session', 3],
  ];

  const SRC_SCOTT = {
    cite: "Scott SD, Hirschinger LE, Cox KR, et al. The natural history of recovery for the healthcare provider 'second victim' after adverse patient events. Qual Saf Health Care 2009;18(5):325-30.",
    doi: '10.1136/qshc.2009.032870',
    url: null,
  };
  const SRC_WU = {
    cite: 'Wu AW. Medical error: the second victim. The doctor who makes the mistake needs help too. BMJ 2000;320(7237):726-7.',
    doi: '10.1136/bmj.320.7237.726',
    url: null,
  };
  const SRC_SVS = {
    cite: 'Yorkshire Quality and Safety Research group. Spotlight on the "second victim" term. secondvictim.co.uk, 6 April 2022.',
    doi: null,
    url: 'https://secondvictim.co.uk/spotlight-on-the-second-victim-term/',
  };
  const SRC_SAM = { cite: 'Samaritans. Contact us. samaritans.org, seen 1 November 2026.', doi: null, url: 'https://www.samaritans.org/how-we-can-help/contact-samaritan/' };

  /** Items: body HTML is written as the core would render it (ids on headings). */
  const ITEMS = [
    {
      slug: 'what-is-a-second-victim', section: 'start-here', kind: 'article', order: 1,
      title: 'What is a second victim?',
      summary: 'The short answer: a member of staff who is hurt by being involved in a patient safety incident. Patients and families always come first.',
      audiences: ['involved', 'colleague', 'manager'], tags: ['definition', 'second victim'], reviewed: '2026-11-20', readingMinutes: 3, contentWarning: null,
      sources: [SRC_WU, SRC_SVS], related: ['where-does-the-term-come-from', 'the-first-days'],
      body: `<p>When something goes wrong in someone's care, the patient and their family are the first to be harmed. The staff involved can be hurt too. People often call them "second victims".</p>
<h2 id="what-it-means">What it means</h2><p>The phrase describes a healthcare worker who is distressed by an unexpected event in a patient's care. They may feel guilt, shame, fear or sadness, and they may replay the event again and again.</p>
<h2 id="why-the-words-matter">Why the words matter</h2><p>Some patients and families dislike the term. This guide uses it because many staff recognise themselves in it, and it says so plainly in <a href="#/article/where-does-the-term-come-from">where the term comes from</a>.</p>
<h2 id="what-helps">What helps</h2><ul><li>Talking to someone you trust, soon.</li><li>Knowing that these reactions are common.</li><li>Fair, kind treatment from your organisation.</li></ul>`,
    },
    {
      slug: 'where-can-i-get-help', section: 'start-here', kind: 'article', order: 2,
      title: 'Where can I get help?',
      summary: 'Urgent routes first, then confidential services for staff, then the support your workplace offers.',
      audiences: ['involved', 'colleague'], tags: ['help', 'support'], reviewed: '2026-11-18', readingMinutes: 4, contentWarning: null,
      sources: [SRC_SAM], related: ['talking-to-someone'],
      body: `<p>If you are in immediate danger, call 999 or go to A&amp;E. If you need to talk to someone today, <span class="external-link" data-copy="https://www.samaritans.org">Samaritans</span> (www.samaritans.org) answer on 116 123, day or night.</p>
<h2 id="confidential-services">Confidential services</h2><p>Many professions have a confidential service of their own. The Help now page lists them, with when each was last checked.</p>
<h2 id="at-work">At work</h2><p>Your line manager, occupational health, or a peer supporter can help you find what your organisation offers.</p>`,
    },
    {
      slug: 'why-support-second-victims', section: 'start-here', kind: 'article', order: 3,
      title: 'Why support second victims?',
      summary: 'Staff who are supported recover better, stay in their jobs and help their teams learn. The evidence in plain words.',
      audiences: ['manager', 'organisation'], tags: ['evidence'], reviewed: '2026-11-12', readingMinutes: 5, contentWarning: null,
      sources: [SRC_SCOTT], related: [],
      body: `<p>Support after an incident is good for staff, for patients and for learning.</p><h2 id="for-staff">For staff</h2><p>Most people recover with time and support. Without it, some leave their profession.</p><h2 id="for-patients">For patients</h2><p>Staff who are coping are better able to be open with patients and families.</p>`,
    },
    {
      slug: 'where-does-the-term-come-from', section: 'start-here', kind: 'article', order: 4,
      title: 'Where does the term come from?',
      summary: 'Albert Wu named the "second victim" in a 2000 editorial. Why the term is kept, and why it is debated.',
      audiences: ['involved', 'trainer'], tags: ['wu', 'origins'], reviewed: '2026-11-26', readingMinutes: 3,
      contentWarning: 'Mentions a missed diagnosis in a patient’s care and the harsh treatment of the doctor afterwards.',
      sources: [SRC_WU, SRC_SVS], related: ['what-is-a-second-victim'],
      body: `<p>In March 2000 the BMJ published a short editorial by Albert Wu. It gave us the phrase "second victim".</p><h2 id="the-editorial">The editorial</h2><p>Wu argued that the doctor who makes the mistake needs help too.</p><h2 id="the-debate">The debate</h2><p>Some families feel the term can blur responsibility. This guide keeps it, and explains why.</p>`,
    },
    {
      slug: 'something-has-just-happened', section: 'start-here', kind: 'article', order: 5,
      title: 'Something has just happened',
      summary: 'A calm checklist for the first hours after an incident: the patient, yourself, and who to tell.',
      audiences: ['involved'], tags: ['first hours', 'checklist'], reviewed: '2026-11-25', readingMinutes: 4, contentWarning: null,
      sources: [SRC_SCOTT], related: ['the-first-days', 'talking-to-someone'],
      body: `<p>If something has just happened, you may feel shaky, sick or numb. That is a common reaction.</p><h2 id="first">First</h2><ol><li>Make sure the patient is safe and cared for.</li><li>Tell the person in charge.</li><li>Write down the facts while you remember them.</li></ol><h2 id="then">Then</h2><p>Take a break if you can. Eat and drink something. Do not drive home if you feel unsafe to.</p><h2 id="who-to-tell">Who to tell</h2><p>Tell someone you trust how you are. It does not need to be today's whole story.</p>`,
    },
    {
      slug: 'the-first-days', section: 'for-you', kind: 'article', order: 1,
      title: 'The first days and weeks',
      summary: 'What many people feel after an incident, why sleep and concentration suffer, and small things that help you cope.',
      audiences: ['involved'], tags: ['coping', 'sleep', 'recovery'], reviewed: '2026-11-20', readingMinutes: 7, contentWarning: null,
      sources: [SRC_SCOTT, SRC_SVS], related: ['looking-after-yourself', 'talking-to-someone', 'nias-story'],
      body: `<p>The days after an incident can be hard. Many people find that the event plays on a loop, that they cannot sleep, or that they doubt every decision. These are common reactions, not a sign that you are weak or that you are a bad clinician.</p>
<h2 id="what-you-might-feel">What you might feel</h2><p>People describe guilt, shame, anger, fear of what will happen next, and sadness for the patient and family. Some feel numb. Feelings can come in waves, and a smell, a place or a similar patient can bring them back.</p>
<h3 id="in-your-body">In your body</h3><p>Trouble sleeping, a racing heart, tiredness and headaches are all common. Coping with poor sleep is easier when you keep regular times and go easy on caffeine.</p>
<h3 id="at-work">At work</h3><p>You may check and re-check, or avoid similar tasks. Tell your manager if this is happening; it usually eases with support.</p>
<h2 id="what-helps">What helps</h2><ul><li>Talking to a colleague you trust, or a peer supporter.</li><li>Keeping to routines: meals, sleep, a walk.</li><li>Being told the facts of what is happening next.</li></ul>
<blockquote><p>"The thing that helped most was a colleague who just asked how I was, and waited for the answer."</p></blockquote>
<h2 id="when-to-get-more-help">When to get more help</h2><p>If you feel hopeless, cannot function, or have thoughts of harming yourself, get help today. See <a href="#/article/where-can-i-get-help">where can I get help</a>, or the Help now page.</p>
<table><thead><tr><th>When</th><th>What many people notice</th></tr></thead><tbody><tr><td>First hours</td><td>Shock, shaking, replaying the event</td></tr><tr><td>First weeks</td><td>Poor sleep, self-doubt, worry about the process</td></tr></tbody></table>`,
    },
    {
      slug: 'looking-after-yourself', section: 'for-you', kind: 'article', order: 2,
      title: 'Looking after yourself',
      summary: 'Sleep, food, movement and people: small, practical ways to get through a hard stretch.',
      audiences: ['involved'], tags: ['self-care', 'sleep'], reviewed: '2026-11-15', readingMinutes: 5, contentWarning: null,
      sources: [SRC_SCOTT], related: ['the-first-days'],
      body: `<p>Looking after yourself is not selfish; it is how you keep going.</p><h2 id="sleep">Sleep</h2><p>Keep regular times. If you cannot sleep, get up for a while and do something calm.</p><h2 id="people">People</h2><p>Stay in touch with people who are on your side.</p>`,
    },
    {
      slug: 'talking-to-someone', section: 'for-you', kind: 'article', order: 3,
      title: 'Talking to someone you trust',
      summary: 'Why talking helps, who to talk to, and what peer support is.',
      audiences: ['involved', 'colleague'], tags: ['peer support', 'talking'], reviewed: '2026-11-10', readingMinutes: 4, contentWarning: null,
      sources: [SRC_SCOTT], related: ['where-can-i-get-help'],
      body: `<p>Talking to someone you trust is one of the things staff say helped most.</p><h2 id="who">Who to talk to</h2><p>A colleague, a peer supporter, your supervisor or a confidential service.</p><h2 id="peer-support">What peer support is</h2><p>Peer supporters are trained colleagues who listen and help you find more support if you need it.</p>`,
    },
    {
      slug: 'going-back-to-work', section: 'for-you', kind: 'article', order: 4,
      title: 'Going back to work',
      summary: 'Facing the ward, the theatre or the same kind of patient again, and making a plan with your manager.',
      audiences: ['involved', 'manager'], tags: ['return to work'], reviewed: '2026-11-08', readingMinutes: 5, contentWarning: null,
      sources: [SRC_SCOTT], related: ['the-first-days'],
      body: `<p>Going back can feel daunting. A plan helps.</p><h2 id="a-plan">Make a plan</h2><p>Agree with your manager how your first shifts will go.</p><h2 id="similar-situations">Similar situations</h2><p>The first time you meet a similar situation may be hard. Tell someone beforehand.</p>`,
    },
    {
      slug: 'nias-story', section: 'stories', kind: 'story', order: 1,
      title: 'Nia’s story: a ward nurse',
      summary: 'A night shift, a missed deterioration, and the months after. What helped Nia, and what did not.',
      audiences: ['involved', 'colleague', 'trainer'], tags: ['nurse', 'story'], reviewed: '2026-11-22', readingMinutes: 6,
      contentWarning: 'Describes the death of a patient and a nurse’s guilt and distress afterwards.',
      sources: [SRC_SCOTT], related: ['the-first-days', 'talking-to-someone'],
      body: `<p><em>This is an illustrative account written for this guide. Nia is not a real person; her story is drawn from what many nurses describe.</em></p>
<h2 id="the-night">The night</h2><p>Nia was in charge of a busy surgical ward. An elderly patient's observations changed slowly over the night, and by the morning he was very unwell. He died later that day.</p>
<h2 id="afterwards">Afterwards</h2><p>Nia could not stop replaying the night. She stopped sleeping, and she began to dread going to work. She felt guilt and shame, and she told no one.</p>
<h2 id="what-helped">What helped</h2><ul><li>A ward sister who sat with her and asked how she was coping.</li><li>Being told what the review would involve, step by step.</li><li>A confidential counselling service she called from her car.</li></ul>
<h2 id="where-to-find-support">Where to find support</h2><p>If Nia's story is close to yours, see <a href="#/article/where-can-i-get-help">where can I get help</a>.</p>`,
    },
    {
      slug: 'tomas-story', section: 'stories', kind: 'story', order: 2,
      title: 'Tomás’s story: a paramedic',
      summary: 'A drug calculation error that was caught in time, and why it still shook him.',
      audiences: ['involved', 'trainer'], tags: ['paramedic', 'story', 'near miss'], reviewed: '2026-11-21', readingMinutes: 5, contentWarning: null,
      sources: [SRC_SCOTT], related: ['going-back-to-work'],
      body: `<p><em>This is an illustrative account written for this guide.</em></p><h2 id="the-call">The call</h2><p>Tomás worked out a dose in a hurry. His crewmate checked it and caught the mistake.</p><h2 id="what-helped">What helped</h2><p>A debrief that was about the system, not about blame.</p>`,
    },
  ];

  const bySlug = new Map(ITEMS.map((it) => [it.slug, it]));

  function sectionTitle(id) {
    return SECTIONS.find((s) => s.id === id)?.title ?? id;
  }

  function summaryOf(it) {
    return {
      slug: it.slug, title: it.title, summary: it.summary, section: it.section, sectionTitle: sectionTitle(it.section),
      kind: it.kind, readingMinutes: it.readingMinutes, contentWarning: it.contentWarning,
    };
  }

  function itemsIn(section) {
    return ITEMS.filter((it) => it.section === section).sort((a, b) => a.order - b.order);
  }

  function toc(body) {
    const res = [];
    const re = /<h([234]) id="([^"]+)">([^<]*)<\/h[234]>/g;
    let m;
    while ((m = re.exec(body))) res.push({ level: Number(m[1]), id: m[2], text: m[3] });
    return res;
  }

  function plain(body) {
    return body.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
  }

  const PATHWAYS = [
    {
      id: 'just-happened', title: 'Something has just happened', summary: 'A short, calm route for the first hours and days.',
      steps: [
        ['something-has-just-happened', 'Start here: the first hours, one step at a time.'],
        ['the-first-days', 'What the next days may feel like, so nothing takes you by surprise.'],
        ['talking-to-someone', 'Talking soon is one of the things that helps most.'],
        ['where-can-i-get-help', 'Who to call if it gets too much.'],
      ],
    },
    {
      id: 'supporting-colleague', title: 'I’m supporting a colleague', summary: 'How to check in, what to say, and when to suggest more help.',
      steps: [
        ['what-is-a-second-victim', 'What your colleague may be going through.'],
        ['talking-to-someone', 'What good listening looks like.'],
        ['where-can-i-get-help', 'Where to point them if they need more.'],
        ['nias-story', 'One nurse’s account of what helped.'],
      ],
    },
    {
      id: 'manager', title: 'I’m a manager', summary: 'Your first 24 hours, fair treatment, and getting someone back to work.',
      steps: [
        ['why-support-second-victims', 'Why this matters for your team and your patients.'],
        ['something-has-just-happened', 'What your staff member needs in the first hours.'],
        ['going-back-to-work', 'Planning the return together.'],
        ['where-can-i-get-help', 'Services you can offer.'],
      ],
    },
    {
      id: 'session', title: 'I’m running a session', summary: 'Session plans, stories to discuss, and ground rules.',
      steps: [
        ['where-does-the-term-come-from', 'A short history to open with.'],
        ['nias-story', 'A story to discuss, with its content warning.'],
        ['tomas-story', 'A second story, about a near miss.'],
        ['where-can-i-get-help', 'Signposting to show at the end.'],
      ],
    },
  ];

  function seen(date, at) {
    return { seen: date, seenAt: at };
  }

  const CONTACTS = [
    { id: 'emergency-999', name: '999 and A&E', group: 'urgent', who: 'Anyone whose life is at immediate risk.', offers: 'Emergency help. If a life is at risk, call 999 rather than a helpline.', phone: '999', text: null, email: null, web: null, hours: 'Any time', nations: ['uk'], professions: ['all'], notes: null, ...seen('2026-11-01', 'NHS 111 mental health pages') },
    { id: 'nhs-111', name: 'NHS 111, mental health option', group: 'urgent', who: 'Anyone in England in a mental health crisis, or worried about someone.', offers: 'Talk to a local NHS mental health professional, any time.', phone: '111', text: null, email: null, web: null, hours: '24 hours a day; choose the mental health option', nations: ['england'], professions: ['all'], notes: 'Wales and Scotland have similar services.', ...seen('2026-11-01', 'NHS 111 option 2 pages') },
    { id: 'samaritans', name: 'Samaritans', group: 'urgent', who: 'Anyone in the UK and Ireland.', offers: 'Free, confidential listening, any time of day or night.', phone: '116 123', text: null, email: 'jo@samaritans.org', web: 'www.samaritans.org', hours: '24 hours a day, every day', nations: ['uk'], professions: ['all'], notes: 'Email replies are not instant.', ...seen('2026-11-01', 'samaritans.org contact page') },
    { id: 'shout', name: 'Shout', group: 'urgent', who: 'Anyone living in the UK.', offers: 'Free text support from trained volunteers, any time.', phone: null, text: 'Text SHOUT to 85258', email: null, web: 'giveusashout.org', hours: '24 hours a day', nations: ['uk'], professions: ['all'], notes: null, ...seen('2026-11-04', 'giveusashout.org FAQ') },
    { id: 'practitioner-health', name: 'NHS Practitioner Health', group: 'confidential', who: 'Doctors and dentists in England, and other NHS staff with a confidentiality reason.', offers: 'Free, confidential mental health and addiction service; self-referral.', phone: '0300 0303 300', text: null, email: null, web: 'www.practitionerhealth.nhs.uk', hours: 'Monday to Friday 8am to 8pm, Saturday 8am to 2pm', nations: ['england'], professions: ['doctor', 'dentist'], notes: null, ...seen('2026-10-28', 'practitionerhealth.nhs.uk') },
    { id: 'bma-counselling', name: 'BMA counselling and peer support', group: 'confidential', who: 'All UK doctors and medical students, members or not.', offers: 'Confidential counselling with qualified counsellors, and peer support from a doctor.', phone: '0330 123 1245', text: null, email: null, web: 'www.bma.org.uk', hours: '24 hours a day', nations: ['uk'], professions: ['doctor', 'student'], notes: 'Not an emergency service.', ...seen('2026-10-28', 'bma.org.uk wellbeing pages') },
    { id: 'nmc-careline', name: 'NMC Fitness to Practise Careline', group: 'confidential', who: 'Nurses, midwives and nursing associates in an NMC fitness to practise process.', offers: 'Free, independent emotional support; does not share with the NMC unless you ask.', phone: '0800 587 7396', text: null, email: null, web: null, hours: '24 hours a day, every day', nations: ['uk'], professions: ['nurse', 'midwife'], notes: 'Questions about your case go to your NMC case officer.', ...seen('2026-10-30', 'nmc.org.uk Careline page') },
    { id: 'rcn-direct', name: 'RCN member support', group: 'confidential', who: 'RCN members: nurses, midwives, healthcare assistants and students.', offers: 'Counselling, peer support, and employment and legal advice.', phone: '0345 772 6100', text: null, email: null, web: 'www.rcn.org.uk', hours: null, nations: ['uk'], professions: ['nurse', 'midwife', 'healthcare-assistant', 'student'], notes: null, ...seen('2026-10-20', 'RCN crib card') },
    { id: 'hhp-wales', name: 'Health for Health Professionals Wales', group: 'confidential', who: 'NHS staff, students and volunteers in Wales.', offers: 'Free, confidential, rapid access to mental health support.', phone: null, text: null, email: 'HHP@cf.ac.uk', web: 'hhpwales.co.uk', hours: null, nations: ['wales'], professions: ['all'], notes: null, ...seen('2026-10-20', 'rcplondon.ac.uk page') },
    { id: 'pharmacist-support', name: 'Pharmacist Support (Listening Friends)', group: 'confidential', who: 'Pharmacists and pharmacy teams.', offers: 'Peer listening by telephone, from pharmacists.', phone: null, text: null, email: null, web: 'pharmacistsupport.org', hours: null, nations: ['uk'], professions: ['pharmacist'], notes: 'Find the current number on the charity’s website.', ...seen('2026-10-20', 'pharmacistsupport.org') },
    { id: 'occupational-health', name: 'Occupational health and your employee assistance programme', group: 'workplace', who: 'Staff of your organisation.', offers: 'Confidential advice about your health and work, and counselling through the employee assistance programme.', phone: null, text: null, email: null, web: null, hours: null, nations: ['uk'], professions: ['all'], notes: 'Your manager, HR or the staff intranet will have the local numbers.', ...seen('2026-11-01', 'HSIB staff wellbeing report') },
    { id: 'freedom-to-speak-up', name: 'Freedom to Speak Up guardian', group: 'workplace', who: 'Anyone working in the NHS in England.', offers: 'A confidential route to raise concerns, including about how you are being treated after an incident.', phone: null, text: null, email: null, web: null, hours: null, nations: ['england'], professions: ['all'], notes: null, ...seen('2026-11-01', 'nationalguardian.org.uk') },
  ];

  const ORG_CONTACTS = [
    { id: 'org-staff-support', name: 'Staff support team (Riverside Hospitals)', group: 'organisation', who: 'All Riverside staff.', offers: 'Peer support after incidents, within 72 hours.', phone: '01632 960 123', text: null, email: 'staffsupport@riverside.example', web: null, hours: 'Monday to Friday 8am to 6pm', nations: ['england'], professions: ['all'], notes: null, ...seen('2026-11-15', 'Riverside intranet') },
  ];

  // Bookmarks and preferences live in memory, like a fresh user database.
  let collections = knobs.get('bookmarks') === 'none' ? [] : ['Team meeting', 'For my supervisor'];
  let bookmarks =
    knobs.get('bookmarks') === 'none'
      ? []
      : [
          { slug: 'the-first-days', collection: '', createdAt: '2026-11-24T21:14:00Z' },
          { slug: 'nias-story', collection: 'Team meeting', createdAt: '2026-11-20T10:02:00Z' },
          { slug: 'talking-to-someone', collection: 'Team meeting', createdAt: '2026-11-21T10:05:00Z' },
          { slug: 'managing-the-coroners-inquest', collection: '', createdAt: '2026-10-02T08:30:00Z' },
        ];
  let preferences = {
    theme: knobs.get('theme') || 'system',
    textSize: Number(knobs.get('text') || 100),
    reducedMotion: knobs.get('motion') || 'system',
  };

  function bookmarkOut(b) {
    const it = bySlug.get(b.slug);
    return { ...b, title: it ? it.title : null, section: it ? it.section : null, missing: !it };
  }

  function words(text) {
    return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').split(/[^a-z0-9']+/).filter(Boolean);
  }

  const VOCAB = [...new Set(ITEMS.flatMap((it) => words(`${it.title} ${it.summary} ${plain(it.body)}`)))];

  function distance(a, b) {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
    }
    return d[a.length][b.length];
  }

  function matchesWord(textWords, q, prefix) {
    const stem = q.length > 4 ? q.replace(/(ing|ed|es|s)$/, '') : q;
    return textWords.some((w) => w === q || (prefix && w.startsWith(q)) || (stem.length >= 3 && w.startsWith(stem)));
  }

  function snippet(text, qwords) {
    const lower = text.toLowerCase();
    let at = -1;
    for (const q of qwords) {
      const i = lower.indexOf(q.length > 4 ? q.replace(/(ing|ed|es|s)$/, '') : q);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    }
    const start = Math.max(0, at - 50);
    let piece = text.slice(start, start + 170);
    const parts = [];
    if (start > 0) parts.push({ text: '…', mark: false });
    const re = /([A-Za-zÀ-ÿ0-9']+)|([^A-Za-zÀ-ÿ0-9']+)/g;
    let m;
    while ((m = re.exec(piece))) {
      const token = m[0];
      const isHit = m[1] && qwords.some((q) => matchesWord([token.toLowerCase()], q, true));
      parts.push({ text: token, mark: Boolean(isHit) });
    }
    if (start + 170 < text.length) parts.push({ text: '…', mark: false });
    return parts;
  }

  function search({ query, section, audience, kind, limit, offset }) {
    const qwords = words(String(query)).filter((w) => w.length > 1).slice(0, 12);
    // The real core decides crisis intent from content/crisis.toml; the preview knows one word of it.
    const crisis = /suicid/i.test(String(query));
    if (qwords.length === 0) return { total: 0, hits: [], suggestion: null, fallback: false, crisis, corrected: null };
    const pool = ITEMS.filter(
      (it) => (!section || it.section === section) && (!audience || it.audiences.includes(audience)) && (!kind || it.kind === kind),
    );
    const scored = (mode) =>
      pool
        .map((it) => {
          const titleWords = words(`${it.title} ${it.summary} ${it.tags.join(' ')}`);
          const bodyWords = words(plain(it.body));
          const all = [...titleWords, ...bodyWords];
          const found = qwords.map((q, i) => matchesWord(all, q, i === qwords.length - 1));
          const ok = mode === 'all' ? found.every(Boolean) : found.some(Boolean);
          if (!ok) return null;
          const rank = qwords.reduce((n, q) => n + (matchesWord(titleWords, q, true) ? 5 : 0) + (matchesWord(bodyWords, q, true) ? 1 : 0), 0);
          return { it, rank };
        })
        .filter(Boolean)
        .sort((a, b) => b.rank - a.rank);
    let hits = scored('all');
    let fallback = false;
    if (hits.length === 0 && qwords.length > 1) {
      hits = scored('any');
      fallback = hits.length > 0;
    }
    let suggestion = null;
    const unknown = qwords.filter((q) => !VOCAB.some((v) => v.startsWith(q)));
    if (unknown.length) {
      const fixed = qwords.map((q) => {
        if (!unknown.includes(q)) return q;
        let best = q;
        let bestD = 3;
        for (const v of VOCAB) {
          const d = distance(q, v);
          if (d < bestD) {
            best = v;
            bestD = d;
          }
        }
        return best;
      });
      if (fixed.join(' ') !== qwords.join(' ')) suggestion = fixed.join(' ');
    }
    return {
      total: hits.length,
      hits: hits.slice(offset, offset + limit).map(({ it, rank }) => ({
        type: 'item', slug: it.slug, title: it.title, section: it.section, sectionTitle: sectionTitle(it.section), kind: it.kind,
        snippet: snippet(`${it.summary} ${plain(it.body)}`, qwords), rank: -rank, pinned: false,
      })),
      suggestion,
      fallback,
      crisis,
      corrected: null,
    };
  }

  const err = (kind, message) => ({ kind, message });

  const COMMANDS = {
    get_home() {
      const sections = SECTIONS.map((s) => ({ ...s, count: itemsIn(s.id).length }));
      if (knobs.get('sections') === '12') {
        for (const [id, title, count] of EXTRA_SECTIONS) sections.splice(sections.length - 1, 0, { id, title, summary: '', count });
      }
      return {
        questions: ['what-is-a-second-victim', 'where-can-i-get-help', 'why-support-second-victims', 'where-does-the-term-come-from'].map((s) => summaryOf(bySlug.get(s))),
        pathways: PATHWAYS.map((p) => ({
          id: p.id, title: p.title, summary: p.summary,
          steps: p.steps.map(([slug, why]) => ({ slug, title: bySlug.get(slug).title, summary: bySlug.get(slug).summary, why })),
        })),
        sections,
      };
    },
    get_section({ id }) {
      const s = SECTIONS.find((x) => x.id === id);
      if (!s) {
        const extra = EXTRA_SECTIONS.find(([x]) => x === id);
        if (extra) return { id, title: extra[1], summary: '', items: [] };
        throw err('notFound', `no section with id \`${id}\``);
      }
      return { ...s, items: itemsIn(id).map(summaryOf) };
    },
    get_item({ slug, query }) {
      const it = bySlug.get(slug);
      if (!it) throw err('notFound', `no item with slug \`${slug}\``);
      const siblings = itemsIn(it.section);
      const i = siblings.indexOf(it);
      return {
        slug: it.slug, title: it.title, summary: it.summary, section: it.section, sectionTitle: sectionTitle(it.section),
        kind: it.kind, audiences: it.audiences, tags: it.tags, reviewed: it.reviewed, contentWarning: it.contentWarning,
        readingMinutes: it.readingMinutes, html: it.body, toc: toc(it.body), sources: it.sources,
        related: it.related.map((s) => bySlug.get(s)).filter(Boolean).map(summaryOf),
        prev: i > 0 ? summaryOf(siblings[i - 1]) : null,
        next: i < siblings.length - 1 ? summaryOf(siblings[i + 1]) : null,
        // The real core sends the words its matcher marked; the preview sends the words typed.
        matchedTerms: words(String(query ?? '')).filter((w) => w.length > 1),
      };
    },
    search_items(args) {
      if (typeof args.query !== 'string' || args.query.length > 10000) throw err('invalidInput', 'query too long');
      return search(args);
    },
    list_contacts() {
      const org = knobs.get('org');
      return {
        contacts: CONTACTS,
        organisation: org === '1' ? ORG_CONTACTS : [],
        organisationError: org === 'error' ? 'The contacts file from your organisation could not be read, so it has been left out.' : null,
      };
    },
    list_bookmarks() {
      return { bookmarks: bookmarks.map(bookmarkOut), collections: [...collections] };
    },
    add_bookmark({ slug, collection }) {
      if (!bySlug.has(slug)) throw err('notFound', `no item with slug \`${slug}\``);
      bookmarks = bookmarks.filter((b) => b.slug !== slug);
      bookmarks.push({ slug, collection: collection ?? '', createdAt: new Date().toISOString().slice(0, 19) + 'Z' });
      return null;
    },
    remove_bookmark({ slug }) {
      bookmarks = bookmarks.filter((b) => b.slug !== slug);
      return null;
    },
    move_bookmark({ slug, collection }) {
      const b = bookmarks.find((x) => x.slug === slug);
      if (!b) throw err('notFound', 'no such bookmark');
      if (collection && !collections.includes(collection)) throw err('invalidInput', 'no such collection');
      b.collection = collection;
      return null;
    },
    create_collection({ name }) {
      if (!name || collections.includes(name)) throw err('invalidInput', 'bad collection name');
      collections.push(name);
      return null;
    },
    delete_collection({ name }) {
      collections = collections.filter((c) => c !== name);
      for (const b of bookmarks) if (b.collection === name) b.collection = '';
      return null;
    },
    export_bookmarks() {
      return { path: '/home/staff/Documents/second-victim-bookmarks.json', count: bookmarks.length };
    },
    import_bookmarks() {
      return { added: 2, alreadyThere: 1, unknownSlugs: ['an-old-page'] };
    },
    get_preferences() {
      return { ...preferences };
    },
    set_preferences({ preferences: p }) {
      preferences = { ...p };
      return null;
    },
    clear_my_data() {
      const n = bookmarks.length;
      const c = collections.length;
      bookmarks = [];
      collections = [];
      preferences = { theme: 'system', textSize: 100, reducedMotion: 'system' };
      return {
        removed: [
          `${n} bookmarks and ${c} collections (the bookmarks database and its backups)`,
          'Your settings: text size, colours and motion',
          'The app’s browser storage',
        ],
        notRemoved: [],
      };
    },
    get_about() {
      return {
        appVersion: '0.1.0',
        contentHash: '3f9c2a1b7e5d4c0a9b8e7f6d5c4b3a2918273645',
        contentDate: '2026-11-26',
        itemCount: ITEMS.length,
        dataDir: '/home/staff/.local/share/uk.org.secondvictim.companion',
      };
    },
    get_notices() {
      return knobs.get('notice') === '1'
        ? ['Your saved bookmarks file was damaged; it was set aside and yesterday’s copy restored.']
        : [];
    },
  };

  function invoke(cmd, args = {}) {
    return new Promise((resolve, reject) => {
      setTimeout(() => {
        try {
          if (knobs.get('fail') === cmd) throw err('internal', `${cmd}: simulated failure`);
          if (!Object.hasOwn(COMMANDS, cmd)) throw err('internal', `unknown command ${cmd}`);
          // Round-trip through JSON like the real IPC, so no shared objects leak.
          resolve(JSON.parse(JSON.stringify(COMMANDS[cmd](JSON.parse(JSON.stringify(args))) ?? null)));
        } catch (e) {
          reject(e);
        }
      }, 4);
    });
  }

  window.__TAURI_INTERNALS__ = { invoke };
  window.__FAKE_TAURI__ = { commands: Object.keys(COMMANDS) };
})();
