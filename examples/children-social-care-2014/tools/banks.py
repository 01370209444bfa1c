"""Hand-written text banks for the FICTIONAL children's social care demo consultation.

Every passage below was written by hand for this demo. None is quoted from a real response.

Each bank line has the form ``LABELS | text``. LABELS is a space-separated list of:

* ``P1+`` / ``P1-`` / ``P1?``: the passage is for / against / undecided about proposal P1
  (likewise P2, P3, P4). Conditional support ("yes, but only if ...") is written ``?``.
* ``T01`` .. ``T16``: a theme the passage expresses (see THEMES).
* ``@sw`` ``@fc`` ``@par`` ``@cl`` ``@pp`` ``@t``: the passage speaks from a particular position
  (social worker, foster carer/adopter, parent, care leaver, private-provider staff, teacher) and
  is only given to respondents who describe themselves that way. In the organisation banks,
  ``@la,prof`` lists the kinds of organisation that may use the sentence.
* ``!P1+``: a constraint, not a label: the passage is not given to anyone whose view on P1 is
  "for" (it would contradict it).

A literal ``\\n`` in the text is a paragraph break.
"""

THEMES = {
    "T01": ("Price before quality",
            "Contracting on cost will put price before the quality of help children get; evidence "
            "from other outsourced public services is cited.", "P2", "against"),
    "T02": ("No profit from child protection",
            "Nobody should make a profit from protecting children; profit-making should be "
            "prohibited or delegation limited to not-for-profit bodies.", "P2", "against"),
    "T03": ("Fragmentation and blurred accountability",
            "Splitting child protection between councils and providers adds hand-offs, weakens "
            "information sharing and leaves nobody clearly accountable.", "P1", "against"),
    "T04": ("Statutory duty must stay with the council",
            "Child protection is a core public duty that should remain with elected, publicly "
            "accountable local authorities.", "P1", "against"),
    "T05": ("Privatisation through the back door",
            "The proposals are seen as the first step to privatising children's services.",
            "P1", "against"),
    "T06": ("Radical change and innovation needed",
            "The current system fails too many children; councils need freedom to try radically "
            "different models and not wait for them.", "P1", "for"),
    "T07": ("Voluntary sector expertise",
            "Experienced charities and voluntary bodies could deliver services well and are "
            "trusted by families.", "P1", "for"),
    "T08": ("Cost savings and efficiency",
            "Delegation could reduce overheads, agency costs and duplication and give better "
            "value for money.", "P1", "for"),
    "T09": ("Competition and a mixed market raise standards",
            "What matters is quality, not the provider's legal form; competition and investment "
            "from companies can drive standards up.", "P2", "for"),
    "T10": ("Pilot with capable councils first",
            "Test the powers first with Innovation Fund or outstanding councils before any wider "
            "use.", "P3", "for"),
    "T11": ("Evaluate independently before rollout",
            "Any pilot needs clear outcome measures, independent published evaluation and a real "
            "option to stop before rollout.", "P3", "for"),
    "T12": ("Pilots are rollout by stealth",
            "Children are not an experiment; a pilot in hand-picked councils proves nothing and "
            "only opens the door.", "P3", "against"),
    "T13": ("Six weeks is too short",
            "Six weeks is not enough for so fundamental a change; the Code of Practice advised "
            "twelve weeks and children and families were not properly consulted.", "P4", "against"),
    "T14": ("Checks and balances",
            "Support depends on safeguards: Ofsted inspection of providers, step-in powers, "
            "contract monitoring, transparency and retained council decision-making.", "P1",
            "undecided"),
    "T15": ("Workforce and social worker morale",
            "Delegation would unsettle an already stretched workforce, erode pay and conditions "
            "and drive experienced social workers away.", "P1", "against"),
    "T16": ("Continuity for children and families",
            "Re-tendering and provider failure would break the stable relationships children and "
            "families depend on.", "P1", "against"),
}

# ---------------------------------------------------------------------------------------------
# Individuals' passages, by proposal and stance. Mixed registers on purpose.
# ---------------------------------------------------------------------------------------------
INDIVIDUAL = r"""
P1- T03 | Child protection only works when everyone knows who is in charge. Split it between a council and a contractor and you get the gaps children fall through.
P1- T03 | Every serious case review I have ever read says the same thing: agencies not talking to each other. This would add yet another agency to the list.
P1- T03 @sw | I've been a social worker for 14 years. The hardest cases go wrong at the hand-offs, between teams and between agencies. Delegation multiplies the hand-offs.
P1- T03 | When something goes wrong, who answers for it? The council will blame the provider and the provider will point at the contract.
P1- T03 | no no no. fragmenting child protection is how children end up dead. we have had enough inquiries to know that
P1- T03 | The police, schools and health visitors need one front door. Farm child protection out and there will be two or three front doors and nobody will know which one to knock on.
P1- T03 @par | When our family was going through it we had four different workers in a year and none of them knew what the last one had said. Put a company in the middle of that and it gets worse, not better.
P1- T03 | Accountability cannot be contracted out. A director of children's services can be hauled in front of councillors; a contract manager can't.
P1- T03 | I am worried that this fragments a system that is already stretched very thin. Information sharing across organisational boundaries is weak enough as it is.
P1- T03 @t | As a designated safeguarding lead in a primary school I need to know exactly who to ring when I'm worried about a child. I don't want to be navigating a call centre run by a contractor.
P1- T03 | It muddies the water about who is actually responsible for a child at risk. That alone should rule it out.
P1- T03 | Think about every child death inquiry of the last twenty years. The lesson was always to join services up, and this pulls them apart.
P1- T03 @sw | Strategy discussions already take days to arrange between police, health and us. Add a provider with its own managers and its own IT system and it will take weeks.
P1- T04 | Protecting children is one of the most basic duties of the state. It should be done by the state and answer to elected people, full stop.
P1- T04 | Councils have the statutory duty and they should keep it. You can't hand away a duty you are legally answerable for and still claim to be answerable for it.
P1- T04 | I vote for my councillors. I don't get a vote on the board of some provider.
P1- T04 @sw | Section 47 enquiries are the state stepping into family life. That power should only ever be used by a public body that can be held to account in public.
P1- T04 | Removing a child from their parents is the most serious thing the state can do. It must not be done in anyone's name but the state's.
P1- T04 | If a council can't run its children's services the answer is to fix the council, not give away its legal responsibilities.
P1- T04 | Whoever delivers the service, the local authority stays legally responsible, and frankly if it is responsible it should be the one doing the work.
P1- T04 @par | When social services came into our lives I at least knew I could complain to my councillor and the ombudsman. Who do I complain to if it's a company?
P1- T04 | Child protection is a public function. It should stay in public hands with public scrutiny: freedom of information, councillors' questions, the lot.
P1- T04 | The duty to safeguard children is not a service like emptying the bins. It belongs with the council.
P1- T04 | Keep children's services where they belong, with the local council and under democratic control.
P1- T04 @fc | We foster for the local authority because we trust that it is the authority, with the children's best interests and the law behind it, not a business plan.
P1- T05 | This is privatisation through the back door, and everyone knows it.
P1- T05 | Call it what it is. It starts with "third-party providers" and ends with children's services run by the same outsourcing giants that run prisons and benefit assessments.
P1- T05 | First it was probation, then the NHS bit by bit, and now child protection. Where does it end?
P1- T05 | The consultation is careful never to use the word privatisation, but that is exactly what it is.
P1- T05 | The wording says "third party" but the direction of travel is obvious. Once the door is open it will never be shut again.
P1- T05 | i dont trust this at all. its the thin end of the wedge
P1- T05 | Same playbook as always: underfund the service, declare it failing, then sell it off.
P1- T05 @sw | Colleagues in adult services watched this happen with home care. Ten years on the market is a mess and the council picks up the pieces.
P1- T05 | Dressing this up as "freedom for local authorities" doesn't fool anybody. It's a market in child protection.
P1- T05 P2- T02 | Oh wonderful, another public service up for sale. I can't wait for the shareholder update on how many children were protected this quarter.
P1- T05 | PRIVATISATION BY STEALTH. SHAME ON YOU.
P1- T05 | I remember when the railways were going to be better after privatisation. Look how that turned out.
P1- T15 @sw | Morale in my team is already rock bottom. If we're told we might be transferred over to a provider next year, half of them will leave.
P1- T15 | Social workers are leaving in droves already. This kind of upheaval will drive out the experienced ones we most need.
P1- T15 @sw | We came into this job to serve the public, not to make a return for a contractor. I would leave the profession before I worked for one.
P1- T15 | The real problem is caseloads and vacancy rates, not who the employer is. Changing the name on the payslip fixes nothing.
P1- T15 @sw | Agency staff already cost a fortune and nobody stays. Outsourcing will mean even more churn.
P1- T15 | Experienced practitioners won't want to work for organisations whose contracts might end in three years. Job security matters in a job this stressful.
P1- T15 @sw | I'm a newly qualified social worker and I chose a local authority for the support and supervision. I worry all of that would be the first thing cut to win a contract.
P1- T15 | Any provider that wins a contract will cut the one cost it can, which is staff. Lower pay, bigger caseloads, less supervision.
P1- T15 @sw | Twenty two years in frontline child protection. We need investment in the workforce, not another reorganisation.
P1- T15 | Pay and conditions would be worn down over time, as has happened in every outsourced service I know of.
P1- T15 @sw | Honestly I am exhausted. Another restructure and I'm done.
P1- T16 @cl | I had 9 social workers while I was in care. Every time a contract changes hands it will be the same again: new faces, new file, tell your story again.
P1- T16 @cl | As a care leaver I can tell you the thing that helped me was one worker who stuck with me for five years. Contracts that run out every three years won't give anyone that.
P1- T16 | Children need stable relationships with the adults around them. Re-tendering services every few years is the opposite of that.
P1- T16 @fc | We've fostered for eleven years. The children we look after have already lost everything familiar. They don't need their social worker to change because a contract ended.
P1- T16 | What happens to a child's plan when a provider goes bust or walks away from the contract? Someone has to pick it up with no notice.
P1- T16 @par | My son has had the same social worker for two years and she is the only one he trusts. I dread to think what happens if that's disrupted.
P1- T16 | Handovers between organisations are where information gets lost, and with it the child's history.
P1- T16 @cl | when i was in care i was moved around so much. please dont make it worse by moving the social workers around too
P1- T16 | Families who have finally built up trust with a team should not have it thrown away at the end of a procurement cycle.
P1- T16 | We have seen children's homes close almost overnight when the company running them collapsed. Children were moved with days' notice.
P1- T16 @fc | Our last placement broke down partly because the child had three social workers in eighteen months. Continuity is everything.
P1- | Absolutely not.
P1- | I strongly disagree with this proposal.
P1- | Leave child protection alone.
P1- | this is a terrible idea
P1- | Children are not commodities.
P1- | NO. NO. NO.
P1- | I cannot see a single benefit to children in this.
P1- | This should not go ahead in any form.
P1- | Totally against it. Children's safety shouldn't be handed to whoever fancies running it.
P1- | Disagree with the whole idea, it is wrong.
P1- @t | I work in a school and see the impact of stretched children's services every week. Pulling them apart further is not the answer.
P1+ T06 | The current system isn't working for too many children. Doing the same thing again and expecting a different result is madness.
P1+ T06 @sw | I'm a social worker and I'll probably be unpopular for saying this, but our council has been "inadequate" for six years. Something radically different has to be tried.
P1+ T06 | Some councils have failed children for a decade. Giving them the freedom to bring in someone better is long overdue.
P1+ T06 | If a different organisation can do a better job of protecting children, why should it matter who employs the staff?
P1+ T06 | Innovation in children's services has been stifled by bureaucracy for years. This gives councils room to try new models.
P1+ T06 @par | Our family was let down very badly by the council. Honestly, I'd take anyone else at this point.
P1+ T06 | I support this. Services should be judged on what they achieve for children, not on whether they sit inside the town hall.
P1+ T06 | The status quo has plenty of defenders but I don't hear any of them defending the results.
P1+ T06 @fc | As foster carers we've seen the good and the bad. Some of the best support we have had came from outside the council. Let councils use what works.
P1+ T06 | Yes. Social work needs shaking up and this is one way of doing it.
P1+ T06 | Look at the trusts set up where councils failed - some of them have turned things round. Why not allow that sort of arrangement more widely?
P1+ T06 @cl | The council was my "corporate parent" and it was rubbish at it. I don't care who does the job as long as someone does it properly.
P1+ T07 | Charities have decades of experience of working with vulnerable families. Letting them deliver more would be good for children.
P1+ T07 @fc | Our fostering agency is a charity and the support we get is far better than anything the council ever offered. They know what they are doing.
P1+ T07 | The voluntary sector is often closer to communities and more trusted by families than the council is.
P1+ T07 | Many of the best family support services I know are already run by charities. This would simply let them do more.
P1+ T07 @cl | The charity that ran my leaving care service treated me like a person. The council treated me like a case number.
P1+ T07 @sw | I have worked in both a local authority and a national charity. The charity was more flexible and more focused on the child.
P1+ T07 | Well established children's charities have the expertise and the values to do this well.
P1+ T07 | I'd support letting experienced voluntary organisations take this on; they often have specialist skills that councils lack.
P1+ T08 | Councils are having their budgets cut year on year. If another organisation can deliver the same service for less, that money can go on the front line.
P1+ T08 | Taxpayers deserve value for money and the current arrangements are not delivering it.
P1+ T08 | A lot of council money disappears into overheads and middle management. A leaner organisation could do better.
P1+ T08 | It makes sense to let councils buy in specialist services rather than running everything themselves at great expense.
P1+ T08 | Given the state of local government finances, councils need every option on the table.
P1+ T08 | The council spends a fortune on agency social workers. A provider with a stable workforce could well be cheaper and better.
P1+ T08 | Shared arrangements between councils and providers could cut a lot of duplication.
P1+ P2+ T08 T09 | If a private company can do it cheaper and better, good luck to them.
P1+ | I agree with the proposal.
P1+ | Seems sensible to me.
P1+ | Councils should have the flexibility to choose the best provider.
P1+ | Yes, I think this is a good idea.
P1+ | In favour.
P1+ @pp | I work for an independent provider and we already deliver a lot of what councils can't. This just recognises reality.
P1? T14 | Only if Ofsted inspects the provider in exactly the same way it inspects councils.
P1? T14 | I'm not against it in principle, but I'd want robust safeguards: proper contract monitoring, the power to take the service back, and full Ofsted inspection.
P1? T14 | Yes, but only if the local authority keeps the final say on decisions to remove children.
P1? T14 | It depends entirely on the checks and balances, and the consultation says almost nothing about them.
P1? T14 @sw | In theory it could work. In practice I'd want to know who inspects, who holds the risk and what happens when a provider fails. None of that is in the document.
P1? T14 | I'm torn. Done carefully with strong oversight it might help; done badly it could be a disaster.
P1? T14 | Providers should have to publish their performance data and be covered by freedom of information like a council is. Without that I couldn't support it.
P1? T14 | The regulations need a clear step-in power so that the council or the Secretary of State can take the service back straight away if it goes wrong.
P1? T14 @fc | Not sure. Some agencies are brilliant, some are awful. It would all depend on who checks up on them.
P1? T14 | A conditional yes, provided there are clear standards, independent inspection and no loss of accountability to elected members.
P1? T14 | There would need to be a named officer in the council who stays accountable for every child, whoever does the casework.
P1? T14 | I could live with it if the provider had to meet the same standards, the same inspections and the same complaints process as the council. Could, not would.
P1? | I honestly don't know enough to say.
P1? | Could go either way really.
P1? | There are arguments on both sides and I haven't made my mind up.
P1? | Part of me thinks anything would be better than our council, part of me is scared of what comes next.
P1? @par | I'm a mum, not an expert. I just want whoever it is to actually turn up when they say they will.
P1? T07 P2- T02 | I could support a charity running services. I could never support a company doing it for profit.
P1? T07 P2- | Fine if it's a charity. Not fine if it's a business.
P1? P2- T02 T14 | I'd accept delegation to not-for-profit bodies only, and only with full inspection.
P2- T01 | Contracts go to the lowest bidder and the lowest bidder cuts corners. With children that means lives.
P2- T01 | We have seen what happens when care is bought on price alone: children's homes clustered in cheap towns hundreds of miles from the children's families.
P2- T01 | Oh good, child protection by the lowest bidder. What could possibly go wrong.
P2- P1- T01 | Every service opened to competition has ended up being run on price. Quality always comes second once the contract is signed.
P2- T01 @fc | Independent fostering agencies compete on cost now, and the first thing to go is the support for carers.
P2- T01 | Commissioners under budget pressure will choose the cheapest bid. They always do.
P2- T01 | A company has to cut costs to make a margin. In child protection the cost is social workers' time with families.
P2- T01 | You cannot write a contract specification for good judgement in a child protection case, so contracts end up measuring whatever is cheap to measure.
P2- T01 | "Efficiency savings" just means cuts with a nicer name.
P2- T01 | The evidence from prisons, probation and the Work Programme is that outsourcing on price gives worse services. Why would children's services be any different?
P2- T01 | Price will win over quality every time the budget is tight, which is always.
P2- T01 @sw | I have sat in commissioning meetings. The first question is always the unit cost, the last is what the child thinks.
P2- T02 | Nobody should make a profit out of protecting children from abuse. It is morally wrong.
P2- T02 | Profit and child protection do not mix. Ever.
P2- T02 | Making money out of vulnerable children is disgusting.
P2- T02 | Any surplus should go back into services for children, not to shareholders.
P2- T02 | NO PROFIT FROM CHILD PROTECTION.
P2- T02 @sw | If a company is paid per case it has a reason to keep cases open; if it's paid a fixed fee it has a reason to close them early. Either way the child's needs aren't what drives the decision.
P2- T02 @cl | I don't want to think someone got a bonus because of what happened to me.
P2- T02 | If the regulations go ahead they must explicitly prohibit profit-making from children's social work.
P2- T02 | There is a fundamental conflict between a duty to shareholders and a duty to a child at risk.
P2- T02 @par | Would you want a company deciding whether your child goes into care while keeping one eye on its profit margin? I wouldn't.
P2- T02 | Not-for-profit bodies only. That should be written into the regulations.
P2- T02 | Absolutely no profiteering from children's misery.
P2- T02 !P1- | If charities can do it, fine, but the minute there are dividends involved the whole thing is rotten.
P2- | No.
P2- | Definitely not profit-making companies.
P2- | Strongly disagree, for the reasons given above.
P2- | Certainly not.
P2- | Companies should have nothing to do with this.
P2- | no way should this be open to business
P2+ T09 !P1- | Competition drives up standards. There's no reason the private sector can't deliver high quality services.
P2+ T09 !P1- | Most fostering placements and children's homes are already run by independent providers, many of them for profit. It's inconsistent to say profit is fine there but not here.
P2+ T09 !P1- | What matters is the quality of the service, not the legal form of whoever delivers it.
P2+ T09 !P1- | Companies need a return to invest in the systems and staff this work needs. Ruling them out shrinks the pool of good providers.
P2+ T09 @pp !P1- | I work for an independent provider. We are inspected by Ofsted like everyone else and our outcomes are as good as, or better than, many councils'.
P2+ T09 !P1- | Excluding profit-making organisations is ideological. Let councils choose the best provider on merit.
P2+ T09 !P1- | Plenty of charities are run like businesses anyway. The line between for-profit and not-for-profit is not as clear as people like to pretend.
P2+ T09 !P1- | GPs are private businesses and so are most nurseries. Nobody says they can't care about children.
P2+ T09 !P1- | Good companies will compete to offer better services, and bad ones should lose their contracts.
P2+ T09 @fc !P1- | Our independent agency is a company and it is far better than the council's own fostering service ever was.
P2+ !P1- | Yes, why not.
P2+ !P1- | I agree. Open it to anyone who can do the job.
P2+ @pp !P1- | As someone working in the independent sector I find the assumption that we don't care about children quite offensive.
P2? | I'm not sure profit is the real issue. A badly run charity is as bad as a badly run company.
P2? | Depends on the company and the contract.
P2? | Hard to say. Some for-profit providers are good, some are dreadful.
P2? T14 | I would only accept profit-making providers if profits were capped and the contract could be ended straight away for poor performance.
P2? | I don't like the idea of profit but I don't like the idea of failing councils either.
P2? @fc | Our agency is private and it's brilliant, but I know others that are awful. So I don't know.
P3+ T10 !P1+ | If it has to happen, start small with councils that are already good at this and see what happens.
P3+ T10 | Testing it first with the Innovation Fund councils is sensible. That is how new approaches should be brought in.
P3+ T10 | The outstanding councils have the capacity to do this carefully. Struggling councils should not be experimenting.
P3+ P1- T10 | A pilot is the least that should happen. I'd rather it didn't happen at all, but a pilot is better than a free-for-all.
P3+ T10 | Yes, trial it first, like foundation trusts in the NHS where the strongest hospitals went first.
P3+ T10 | Pilot, learn, then decide. Common sense really.
P3+ T10 | I agree with testing it first, but it must be in the strong councils. Handing a failing service to a provider as a "pilot" is a recipe for disaster.
P3+ T10 @sw | Start with a handful of councils that volunteer, not ones that get pushed into it.
P3+ T10 | Small scale first. You don't roll out something like this nationally on a hunch.
P3+ T10 | agree, try it in a few places first
P3+ T10 | A limited trial is far better than letting every council loose on it at once.
P3+ T11 | Any pilot must be independently evaluated, and the evaluation published, before any decision to extend it.
P3+ T11 | There needs to be a proper evaluation over at least three years, long enough to see outcomes for children and not just process measures.
P3+ T11 | Pilot yes, with a commitment that Parliament sees the evidence before any wider rollout.
P3+ T11 | What will success look like? The consultation doesn't say. Set out the outcome measures before the pilot starts.
P3+ T11 | Evidence first, rollout second. Not the other way round, as usually happens.
P3+ T11 | Evaluate it properly, and include the voices of children and families, not just the providers' own reports.
P3+ T11 | A trial with independent researchers watching it would at least tell us whether this works.
P3? T11 | I'd support a pilot so long as there is a genuine option to stop if the evidence is poor. I'm not convinced there is.
P3- T12 !P1+ | Children are not guinea pigs. I don't want this tested on anyone's children.
P3- T12 !P1+ | A "pilot" is just the first stage of the rollout. Nobody ever comes back and says the pilot failed.
P3- T12 !P1+ | No to piloting. If it's wrong in principle it's wrong in ten councils as much as in a hundred and fifty.
P3- T12 !P1+ | Pilots are always set up to succeed, with the best councils and the extra money, so the results will tell us nothing about everywhere else.
P3- T12 !P1+ | Testing it with the "outstanding" councils makes no sense. They are the ones who need it least.
P3- T12 !P1+ | Don't pilot it. Drop it.
P3- T12 @cl !P1+ | We were treated like an experiment enough when I was in care. Please don't.
P3- T12 !P1+ | The Innovation Fund councils were hand-picked. Whatever happens there proves nothing.
P3- T06 !P1- | Why should children in failing councils wait years for a pilot to finish? Let every council use the power now.
P3- T06 !P1- | Restricting it to outstanding councils is backwards. The councils that most need a new approach are the ones that are struggling.
P3- T06 !P1- | More pilots, more delay. The evidence from the existing trusts is already there.
P3- T06 @pp !P1- | A pilot limited to a few councils won't give providers the confidence to invest.
P3- | No.
P3- | Disagree - see above.
P3? | Not sure a pilot would tell us much either way.
P3? | A pilot is better than nothing, but I'm not sure these are the right councils to try it in.
P3? | Don't know. Depends how it's done.
P4- T13 | Six weeks is far too short for a change this big.
P4- T13 | The government's own Code of Practice used to say twelve weeks. Why the rush?
P4- T13 | Six weeks, over the Easter holidays. Very convenient.
P4- T13 | I only heard about this consultation by chance, a week before it closes. That says it all.
P4- T13 | No. Children, young people and families have not been properly consulted at all in six weeks.
P4- T13 | A fundamental change to child protection deserves a proper consultation, not a rushed six-week exercise.
P4- T13 @cl | Did anyone ask children in care? Six weeks isn't enough time to do that properly.
P4- T13 | Councils need to take this through their own committees. Six weeks doesn't allow for that.
P4- T13 | It feels like the decision has already been made and this consultation is a box-ticking exercise.
P4- T13 | Twelve weeks minimum. And publish the responses.
P4- T13 | six weeks?! seriously?
P4- T13 | Hardly anyone outside the sector knows this consultation exists. Extend it and publicise it.
P4- T13 @sw | Most social workers I know haven't even heard of it. We are too busy doing the job to read the DfE website.
P4- T13 | Slipped out quietly with a short deadline. Typical.
P4- T13 | No, not long enough.
P4- T13 | Too short.
P4+ | Six weeks is fine. The issues aren't new and people have been arguing about them for years.
P4+ | Long enough. The sector has been debating this for a long time.
P4+ | Yes, it's adequate. Consultations shouldn't drag on.
P4+ | I managed to respond in time, so I suppose so.
P4+ | Six weeks is enough for anyone who is paying attention.
P4? | Not sure. Probably OK for organisations, not for ordinary people.
P4? | I don't know what the normal length is.
P1? P2- P3+ T02 T10 | I'm in two minds about delegation, but if it happens it should be charities only, and tried in a few councils first.
P1- P3+ T10 | I'm against the whole thing, but if you are going to do it at least pilot it first.
P1+ P2- T07 T02 | Delegation to the voluntary sector, yes. Profit-making companies, no.
P1+ P2+ P3- T06 | Let councils get on with it and use whoever is best. No need for pilots or limits.
P1- P4- T05 T13 | This is privatisation through the back door, rushed through with a six week consultation so nobody notices.
P1- P2- T02 T04 | Keep it public. No profits from children.
P2- P4- T02 T13 | Profit and children don't mix, and six weeks is nowhere near long enough to discuss it properly.
P1? P3+ T14 T11 | I can see it working somewhere with a really good council and a really good partner. Test it there, evaluate it honestly, then decide.
P1+ P3+ T06 T10 | I'm for it, but sensibly: start with the councils that know what they're doing and build from there.
P1- P2- P3- T05 T12 | Not here, not anywhere, not as a "pilot" and not for profit.
P1+ P2? T07 | Good charities should be able to step in where councils fail. I'm less sure about companies.
P2- P3+ T02 T10 | If there is a pilot, keep profit-making companies out of it.
"""

# Passages that carry no stance on any proposal.
OFF_TOPIC = r"""
Can someone please fix the potholes on Mill Lane, they have been there since February.
My council tax has gone up again and the bins are only collected fortnightly. Sort that out first.
I have been waiting 7 months for a social worker to call me back about my grandson. Reference 44/1193. Can somebody PLEASE ring me.
This country is going to the dogs. Too many people, not enough houses, and now this.
Why is my tax money being spent on consultations nobody reads?
I want to complain about how my daughter's school handled a bullying incident last term.
Get us out of Europe and then we can talk about running our own services properly.
What about the elderly? My mum has waited four months for a care package.
I don't really understand the question, sorry.
test
Please see attached.
N/A
no comment
Will this affect our fostering allowance? Nobody has told us anything.
Who is the Minister responsible for this? I would like to write to them directly.
My local library is closing and nobody consulted us about that either.
My ex-partner's social worker never returns my calls and I have been trying since January to get contact with my kids. Is this the right place to raise it?
I tried to fill this in on my phone and it kept timing out.
The hospital car park charges are a disgrace.
Can you tell me how I apply to become a foster carer?
I'm responding because my union asked members to.
Whatever happens, please pay social workers properly.
Thank you for asking.
More money for youth clubs. Ours closed in 2011 and the kids have nowhere to go.
"""

REFERS = r"""
See my answer to Q1.
As above.
agree with the above
Same as my previous answer.
See Q5.
I have put all my comments in the last box.
see previous
See my comments under question 1.
Please refer to my answer to question 2.
ditto
"""

# Short answers that only make sense in a particular box: stance applies to that box's proposal.
SHORT = {
    "for": ["Yes.", "Agree.", "Yes, definitely.", "Makes sense.", "Fine by me.", "yes", "Agreed.",
            "Yes - see above.", "I agree."],
    "against": ["No.", "Absolutely not.", "Disagree.", "NO", "No way.", "Definitely not.", "no",
                "Strongly disagree.", "NO!!", "Nope."],
    "undecided": ["Not sure.", "Don't know.", "Maybe.", "It depends.", "Possibly.", "unsure",
                  "Can't say."],
}

CONNECT = ["Also, ", "And ", "On top of that, ", "Besides which, ", "Secondly, ", "Another thing: ",
           "Plus ", "What's more, ", "", "", "", "", "", ""]
PREFIX = ["I think ", "Personally I think ", "In my opinion ", "Honestly, ", "To be honest ",
          "For me, ", "Frankly, ", "My view is that ", "I feel that ", "I believe "]
SUFFIX = ["Thanks.", "That's all.", "Thank you for listening.", "Just my opinion.",
          "Please listen to people this time.", "Thank you.", "Rant over.",
          "I hope someone actually reads this."]

# ---------------------------------------------------------------------------------------------
# Campaign c1: a template from the (fictional) "Keep Child Protection Public" group.
# ---------------------------------------------------------------------------------------------
C1_GREETINGS = ["Dear Minister,", "Dear Minister,", "Dear Minister,", "Dear Sir/Madam,",
                "To whom it may concern,", "Dear Secretary of State,", "Dear Department for Education,",
                ""]
C1_PARAS = [
    ("P1- T04 T05",
     "I am writing to oppose the proposal to allow local authorities to hand over their children's "
     "social care functions, including child protection, to third-party providers. Protecting "
     "children from harm is one of the most important things the state does. It must remain a "
     "public service, run by and accountable to elected local authorities."),
    ("P2- T02 T01",
     "I am particularly appalled that the regulations would allow profit-making companies to take "
     "on this work. No one should make a profit from child protection. When services are "
     "contracted out, decisions are driven by price rather than by the needs of children."),
    ("P3- T12",
     "A \"pilot\" in a handful of councils is not an answer. Children are not an experiment, and once "
     "the door is open it will not be closed."),
    ("P4- T13",
     "Six weeks is not long enough to consult on such a fundamental change. The Government should "
     "withdraw these proposals and, if it wishes to pursue them, hold a full twelve-week "
     "consultation that includes children, families and social workers."),
]
C1_CLOSE = "Keep child protection public."
C1_SIGNOFF = ["Yours faithfully,", "Yours sincerely,", "Regards,", ""]
# Small edits some senders make to the template text: (from, to).
C1_EDITS = [
    ("appalled", "apalled"), ("particularly", "particulary"), ("accountable", "accountible"),
    ("fundamental", "fundemental"), ("No one", "Nobody"), ("rather than by", "rather than"),
    ("twelve-week", "12 week"), ("Six weeks", "6 weeks"), ("Government", "government"),
    ("local authorities.", "local councils."), ("I am writing", "I'm writing"),
    ("one of the most important things", "the most important thing"),
]

# Campaign c2 (smaller, supportive): "Better Futures for Children" (fictional).
C2_PARAS = [
    ("P1+ T06",
     "I support giving councils the freedom to delegate children's social care to organisations that "
     "can do a better job. Too many children have been let down by councils that have been failing "
     "for years, and they cannot wait for another round of improvement plans."),
    ("P2+ T09",
     "What matters is whether a child is safe and well, not whether the organisation helping them "
     "makes a surplus. Councils should be able to choose the best provider, whatever its legal form."),
    ("P3- T06",
     "Limiting these powers to a small group of councils that are already outstanding would keep "
     "them away from the children who need change most."),
]
C2_CLOSE = "Put children's outcomes first."

# ---------------------------------------------------------------------------------------------
# Organisations: formal sentences. A paragraph is one LEAD for the stance plus 2-4 BODY sentences.
# {org} is the organisation's name; {we} is "we" or "the Council" etc.
# ---------------------------------------------------------------------------------------------
ORG_LEAD = r"""
P1+ | {org} supports the proposal to allow local authorities to delegate their children's social care functions, including child protection, to third-party providers.
P1+ | We welcome the intention behind the draft regulations and support, in principle, giving local authorities the power to delegate children's social care functions.
P1+ | We agree that local authorities should be able to delegate these functions, and we believe the regulations could open the way to genuinely different models of practice.
P1+ | Our answer to the first question is yes: authorities should have the freedom to commission the best organisation to deliver their social care functions.
P1+ T06 | {org} is broadly in favour of the power to delegate, which we see as a mechanism for the radical change the child protection system needs.
P1- | {org} does not support the proposal to allow local authorities to delegate their [child protection|children's social care] functions to third parties.
P1- | We are opposed to the draft regulations in their current form and urge the Department not to proceed with them.
P1- @prof,other,vol_small,vol_large | Our members are strongly opposed to the delegation of children's social care functions, and to the delegation of child protection in particular.
P1- | We do not [believe|consider] that the case for delegating statutory child protection functions has been made, and we cannot support the proposal.
P1- | We disagree with the first proposal. In our view, the functions it describes should remain with local authorities.
P1? | {org} neither supports nor opposes the power to delegate in principle; our view depends on the safeguards that would accompany it.
P1? | We can see potential benefits in the proposal, but we could only support it if a number of significant conditions were met.
P1? | Our response to the first question is a qualified one. Delegation may have a place, but not on the terms currently set out.
P1? T05 | We remain undecided. We can see that the proposals might be an opportunity to improve services, but we can also see why many regard them as privatisation through the back door.
P1? P2- T02 T14 | We would support delegation only to not-for-profit bodies, and only where robust arrangements for oversight are in place.
P1? @prof,other,vol_large | The views of our members are divided on this question, and we do not think it right to offer an unqualified answer.
P2+ !P1- | We agree that delegation should be open to profit-making companies as well as to not-for-profit bodies.
P2+ !P1- | {org} sees no principled reason to exclude organisations on the basis of their legal form or ownership.
P2+ !P1- | We support the proposal that profit-making organisations should be eligible to take on delegated functions.
P2+ !P1- | On the second question, we believe that a mixed market, including companies, offers the best prospect of improving quality.
P2- | We are [firmly|strongly] opposed to allowing profit-making companies to take on children's social care functions.
P2- T02 | {org} believes that any regulations must explicitly prohibit profit-making from children's social work.
P2- | We cannot support the extension of delegation to profit-making companies in any circumstances.
P2- T02 @prof,other | Our members are unanimous that child protection must not be opened to organisations that distribute profits.
P2- T02 | If delegation is to be permitted at all, it should be restricted to not-for-profit bodies.
P2? | We have not reached a settled view on whether profit-making companies should be eligible.
P2? | We do not believe that legal form alone determines quality, but we have real reservations about profit in this area.
P2? | On the question of profit-making providers our position is a cautious one.
P3+ T10 | We [strongly support|support|agree with] the proposal that the powers should first be tested with a small group of capable authorities.
P3+ T10 | {org} proposes that the powers should be tested first with authorities in the Children's Social Care Innovation Programme, so that the implications can be properly understood before any wider rollout.
P3+ T10 | We agree that any use of these powers should begin with a limited number of well-performing authorities.
P3+ T10 | We welcome the idea of a staged introduction, beginning with authorities rated outstanding or those already in the Innovation Fund programme.
P3+ T10 | If the regulations proceed, we would urge that they be introduced through a time-limited pilot.
P3- | We do not agree that the powers should be restricted to a small group of authorities at first.
P3- !P1+ | {org} does not see a pilot as a sufficient answer to the concerns we have set out.
P3- | We are not persuaded that a pilot phase is either necessary or helpful.
P3? | We are uncertain whether a pilot of the kind proposed would answer the questions that matter.
P3? | We see some merit in testing the powers first, but we are not convinced that the right authorities have been identified.
P4+ | We consider the six-week consultation period adequate.
P4+ | {org} does not object to the length of the consultation period.
P4- T13 | We are [concerned|disappointed] that a consultation period of only six weeks is not sufficient for a change of this significance.
P4- T13 | {org} wishes to record its concern at the length of this consultation.
P4- T13 | Six weeks is not enough time to consult on so fundamental a change to the child protection system.
P4- T13 | We do not agree that six weeks is long enough.
P4- T13 | We must also comment on the process of this consultation, which we consider to have been too short.
P4? | We have no strong view on the length of the consultation period itself.
"""

ORG_BODY = r"""
P1+ T06 | [Too many|Far too many] children continue to [experience|receive] poor services in authorities that have been judged inadequate for several years, and incremental improvement plans have not changed that.
P1+ T06 | The power to delegate [could|would] allow authorities to work with partners to redesign the system around the needs of children rather than around organisational boundaries.
P1+ T06 | The child protection system has been subject to repeated review, yet the experience of many children and families has not changed; a mechanism for more radical change is needed.
P1+ T06 | The existing arrangements, under which delegation is possible only in limited circumstances or by direction, leave authorities with too little room to innovate.
P1+ T07 @vol_large,vol_small,la,academic,other | Voluntary organisations bring long experience of working alongside families, often with higher levels of trust than statutory services enjoy.
P1+ T07 @vol_large,vol_small,la,academic,other | Many voluntary [sector bodies|organisations] already deliver high-quality family support, fostering and adoption services on behalf of local authorities, and are well placed to do more.
P1+ T07 @vol_large,vol_small,private | Our own experience of delivering services in partnership with local authorities shows what can be achieved when expertise from outside the council is brought to bear.
P1+ T08 | At a time of [sustained|continuing|unprecedented] pressure on local government budgets, authorities need the flexibility to secure best value from every pound spent on children's services.
P1+ T08 | Delegation may reduce duplication between authorities and allow specialist functions to be shared across a wider area.
P1+ T08 | The high cost of agency staffing in some authorities could be reduced by partners able to offer a stable, well-supported workforce.
P1- T03 | [Successive|Repeated] serious case reviews have identified failures of communication between agencies as a recurring factor; introducing further organisational boundaries risks increasing those failures.
P1- T03 | It is [not clear|far from clear|unclear] from the consultation document where accountability for an individual child's safety would lie once a function had been delegated.
P1- T03 | Partners in [health, education and the police|the police, schools and health services] need a single, clear point of contact; fragmentation of statutory responsibilities would make multi-agency working harder.
P1- T03 | The proposed regulations would create a situation in which the authority remains legally accountable for functions over which it no longer has direct operational control.
P1- T04 | The protection of children from significant harm is [among the most important|one of the most fundamental] responsibilities of the state, and it should be exercised by bodies that are democratically accountable.
P1- T04 | Decisions to intervene in family life, including applications to court to remove children, must be taken by public bodies answerable to elected members and to the public.
P1- T04 | The role of the Director of Children's Services and the Lead Member, established after earlier child death inquiries, would be undermined by the wholesale delegation of functions.
P1- T04 | Local democratic accountability for child protection is not a formality; it is the means by which communities hold services to account when things go wrong.
P1- T05 | [Many of those we have spoken to|A number of our members|Many practitioners] regard these proposals as the first step towards the privatisation of children's services.
P1- T05 | The experience of other public services suggests that, once a market has been created, it tends to expand well beyond its original limits.
P1- T05 | The absence of any limit on the range of functions that could be delegated suggests an intention to open children's services to the market more generally.
P1- T15 | The social work workforce is already under [considerable|severe|significant] strain, with high vacancy rates and heavy caseloads; uncertainty about future employers would add to that strain.
P1- T15 | We are [concerned|worried] that transfers of staff between employers would erode pay, conditions and access to supervision over time.
P1- T15 | Experienced practitioners are [the system's most valuable asset|the backbone of the system], and we fear that many would leave rather than transfer to a new employer.
P1- T16 | Children and families [need|depend on] stable relationships with the professionals who work with them; re-procurement every few years would disrupt those relationships.
P1- T16 | The failure or withdrawal of a provider would leave the authority to resume services at short notice, with serious consequences for the children involved.
P1- T16 | Young people in and leaving care have told us [repeatedly|again and again] that changes of worker are among the most damaging features of their experience of the system.
P1- T01 | There is [substantial|considerable|growing] evidence from other services opened to competition that contracting decisions are driven by price rather than quality.
P1? T14 | Any provider exercising delegated functions should be [subject to inspection|inspected] by Ofsted on the same basis as a local authority.
P1? T14 | The regulations should give the authority and the Secretary of State a clear power to step in and resume delegated functions immediately where there are concerns.
P1? T14 | Providers should be subject to the same duties of transparency, including freedom of information, as the authorities on whose behalf they act.
P1? T14 | Decisions on whether to seek a care order should, in our view, remain with the local authority in all circumstances.
P1? T14 | The Department should set out [in guidance|in the regulations] the minimum standards for contract monitoring and the information authorities must receive from providers.
P1? T14 | The Director of Children's Services must retain clear statutory accountability for all delegated functions, and this should be stated in the regulations themselves.
P1? T14 | The checks and balances that would make such a change deliver improvements have not yet been thought through, and they matter more than the principle itself.
P1? T07 | We see a role for experienced not-for-profit organisations, provided that their independence and their values are protected in any contract.
P2+ T09 !P1- | A significant proportion of fostering and residential provision is already delivered by independent, profit-making organisations, and many are rated good or outstanding.
P2+ T09 !P1- | Investment in new [systems, training and premises|services, staff training and premises] requires capital, and organisations that are able to earn a return are more able to provide it.
P2+ T09 !P1- | Excluding profit-making providers would narrow the field of potential partners and reduce the pressure on all providers, public and private, to improve.
P2+ T09 !P1- | Quality is [assured|secured] through commissioning, regulation and inspection, not through the ownership of the organisation delivering the service.
P2+ T09 !P1- | Competition has been a driver of improved standards in other parts of the children's services market, and we see no reason why that should not be the case here.
P2+ T08 !P1- | A mixed market would allow authorities to compare costs and outcomes and to secure better value for public money.
P2- T02 | It is [wrong in principle|fundamentally wrong|unacceptable] that any organisation should make a profit from the protection of children from abuse and neglect.
P2- T02 | The interests of shareholders and the interests of a child at risk of harm cannot be reliably aligned through a contract.
P2- T02 | We [would urge|urge] the Department to include an explicit prohibition on profit-making in the regulations, rather than relying on guidance.
P2- T02 | Any surplus generated through the delivery of these functions should be reinvested in services for children and families.
P2- T01 | [Experience|The experience] from other public services opened to competition suggests that contracting decisions come to be driven by price before quality.
P2- T01 | In the residential care market, the pursuit of lower costs has led to the concentration of children's homes in areas far from children's families and communities.
P2- T01 | Commissioners under [severe|intense] financial pressure will [inevitably|almost inevitably] give great weight to cost, and it is very difficult to specify the quality of professional judgement in a contract.
P2- T01 | The evidence from probation and from employment programmes does not suggest that payment-by-results contracts deliver better outcomes for vulnerable people.
P2? T14 | If profit-making organisations are to be permitted, we would expect a cap on returns and strong powers to terminate contracts for poor performance.
P2? T09 | We recognise that some independent providers deliver excellent services, and that the distinction between for-profit and not-for-profit can be overstated.
P2? T02 | At the same time, the exercise of statutory child protection functions raises questions about profit that do not arise in the same way in other services.
P3+ T10 | There is a [clear|useful] precedent in the NHS, where the first foundation trusts were drawn from the most capable hospitals.
P3+ T10 | Authorities that are already performing well have the capacity to manage the risks of a new model and to learn from it.
P3+ T10 | Authorities in the Innovation Programme are already developing new models of practice and would provide a natural starting point.
P3+ T10 | A [staged|phased] approach would allow unforeseen problems to be identified and addressed before they affect large numbers of children.
P3+ T11 | Any pilot should be [independently evaluated|evaluated independently] over a period long enough to assess outcomes for children, and the evaluation should be published before any decision on wider use.
P3+ T11 | Success criteria should be agreed at the outset, and should include the views of children, young people and families.
P3+ T11 | Parliament should have the opportunity to consider the evidence from a pilot before the powers are extended.
P3+ T11 | There should be a genuine possibility that the powers are withdrawn if the evaluation does not demonstrate benefit.
P3- T12 !P1+ | A pilot confined to hand-picked, high-performing authorities will tell us little about how the powers would work in the authorities where they are most likely to be used.
P3- T12 !P1+ | We are concerned that a pilot would in practice be the first stage of a national rollout, rather than a genuine test.
P3- T12 !P1+ !P1+ !P1? | Our objections are to the principle of the proposal; they would not be answered by introducing it gradually.
P3- T06 !P1- | Restricting the powers to outstanding authorities would deny them to the authorities where change is most urgently needed.
P3- T06 !P1- | A lengthy pilot would delay improvement for children in struggling authorities by several years.
P3? T11 | Whether a pilot is worthwhile depends on the quality of its evaluation, on which the consultation is silent.
P4+ | The issues raised by the proposals have been debated within the sector for some time.
P4+ @prof,other | We were able to consult our members within the time available.
P4- T13 | The [Code of Practice on Consultation|2008 Code of Practice on consultation] advised a period of twelve weeks, and we can see no reason for departing from that advice for a change of this importance.
P4- T13 | More time is needed to [think through|consider] the implications of the proposals and the checks and balances that would be required.
P4- T13 | Six weeks has not allowed us to consult children, young people and families in any meaningful way.
P4- T13 | The consultation period included the Easter holidays, which further limited the opportunity for practitioners and families to respond.
P4- T13 | Local authorities have not had time to take the proposals through their own democratic processes.
P4- T13 | We [would ask|ask] the Department to extend the consultation, or to hold a further consultation on revised regulations.
P4- T13 @prof,other,vol_large | Many of our members were unaware that the consultation was taking place until shortly before it closed.
P1? T14 @la | In our own authority we have commissioned family support from the voluntary sector for many years, but we have always kept the statutory assessment and decision-making functions ourselves, and we believe that line is the right one.
P1+ T06 @la | As an authority that has itself been through intervention, we know that a change of leadership and culture can be transformative, and we would want the freedom to secure that through partnership if it were needed.
P1- T04 @la | Our elected members are clear that they wish to remain directly accountable to local people for the safety of children in [the borough|the county|our area].
P2- T02 @la | Our Cabinet has resolved that, whatever the national framework, it would not contract child protection functions to a profit-making company.
P3+ T10 @la | We would welcome the opportunity to take part in any pilot and to share what we learn with other authorities.
P4- T13 @la | The timing of the consultation meant that we were unable to bring the proposals before our Children's Scrutiny Committee.
P1+ T07 @vol_large | Over many years we have seen that families who would not engage with a statutory service will often work with us, because they see us as being on their side.
P1? T14 @vol_large,vol_small | We would not bid to deliver child protection functions ourselves unless we were satisfied that the contract protected our independence and our ability to speak out on behalf of children.
P3+ T10 @vol_large | We would be pleased to work with the Department and with Innovation Programme authorities to design such a pilot.
P4- T13 @vol_large,vol_small | The children and young people we work with told us they wanted to be asked about these changes, and six weeks did not allow that.
P1- T16 @vol_small | The families who come to our drop-in already struggle to understand who does what; most of them could not tell you the name of their social worker's manager, let alone the name of a contractor.
P1- T03 @vol_small | When our local family support contract was re-tendered two years ago, referrals from the council dried up for months while the new arrangements bedded in.
P2- T01 @vol_small | Small local charities like ours cannot compete with large companies on price in a tendering process, and we fear that the local knowledge we bring would be lost.
P1- T15 @prof | In our member survey, [a large majority|more than four in five|most] of respondents said they would consider leaving the profession if their post were transferred to a profit-making provider.
P1- T04 @prof | Our members who give evidence in care proceedings are clear that courts and families must be able to rely on the independence and public accountability of the applicant authority.
P2- T02 @prof | Our members did not enter the profession to generate a return for shareholders, and they should not be asked to.
P3- T12 !P1+ @prof | A pilot would in practice commit the Department to a direction of travel that our members reject.
P1+ T06 @private | We already work alongside local authorities on some of the most complex cases, and we know that a well-designed partnership can improve outcomes.
P2+ T09 !P1- @private | Our services are regulated and inspected in exactly the same way as those run by local authorities, and our inspection outcomes compare favourably.
P3- T06 !P1- @private | Providers will not make the investment needed to develop high-quality services if the market is confined to a handful of pilot authorities.
P1? T14 @private | We accept that any provider exercising these functions must be subject to rigorous inspection and open reporting, and we would welcome clarity on how this would work.
P1? T14 @academic | The international evidence on the outsourcing of child protection is limited and mixed; it neither supports nor rules out the approach.
P1- T01 @academic | Studies of outsourced public services in England have found that transaction costs and the costs of contract management are routinely underestimated.
P3+ T11 @academic | We would recommend a stepped-wedge or matched-comparison design, so that outcomes in pilot authorities can be compared with those elsewhere.
P3+ T11 @academic | Outcome measures should include re-referral rates, the stability of placements and children's own accounts of their experience, not only the timeliness of assessments.
P2? T01 @academic | The evidence on whether ownership affects quality in children's services is thin, and the Department should commission research before taking a view.
P1- T03 @other | From our position in the local safeguarding partnership, we are concerned that delegation would complicate arrangements that are already difficult to coordinate.
P4- T13 @other,vol_small | The families we represent often have no internet access, and many did not know the consultation was taking place.
P1- T05 | Once a market in statutory children's services is established it will be very difficult to reverse, whatever the evidence later shows.
P1? T14 | Clear arrangements for complaints, advocacy and access to records must follow the child, whoever delivers the service.
P2- T02 | We share the view, expressed by directors of children's services, that profiteering from children's social work should be prohibited.
P4- T13 | A change of this significance would normally be preceded by a green paper and a full public debate.
P3+ T10 | Starting with a small number of authorities would also allow the Department to test the regulatory framework before it is applied more widely.
P1+ T08 | Authorities should be free to decide for themselves how best to organise services locally, rather than being bound to a single model.
P2+ T09 !P1- | The [distinction|line] between charities and companies says little about the quality of care a child receives.
"""

ORG_INTRO = [
    "{org} welcomes the opportunity to respond to the Department for Education's consultation on the draft regulations to allow the delegation of children's social care functions.",
    "Thank you for the opportunity to comment on the proposals to permit local authorities to delegate their children's social care functions to third parties. This response is submitted on behalf of {org}.",
    "We write on behalf of {org} in response to the consultation on delegating children's social care functions.",
    "Please accept this letter as the formal response of {org} to the Department's consultation on the delegation of children's social care functions.",
    "{org} is pleased to submit the following response. We have consulted as widely as we could in the short time available, and this letter reflects the views we received.",
    "I am writing as {role} of {org} to set out our response to the proposals on the delegation of children's social care functions.",
    "This is the response of {org} to the consultation on the Children and Young Persons Act 2008 (Relevant Care Functions) draft regulations.",
]

ORG_ABOUT = {
    "la": [
        "{org} is responsible for children's services in an area with a population of around {pop} people, including some {kids} children and young people. We currently support around {cin} children in need and {lac} looked-after children.",
        "Our authority was last inspected in {year}, and we have worked hard since then to build a stable, permanent social work workforce and strong relationships with our partners.",
        "This response has been prepared by the Director of Children's Services in consultation with the Lead Member for Children and Young People and with our Local Safeguarding Children Board.",
    ],
    "vol_large": [
        "{org} is a national charity working with around {nkids} children, young people and families each year through more than {sites} services across England.",
        "We have delivered family support, fostering, adoption and leaving care services in partnership with local authorities for over {yrs} years.",
        "Our response draws on the experience of our practitioners and on what the children and families we work with have told us.",
    ],
    "vol_small": [
        "{org} is a small local charity based in {place}. We run drop-in sessions, parenting groups and one-to-one support for around {nfam} families a year, with {staff} staff and a team of volunteers.",
        "We are not experts in legislation, but we see every week what happens to families when services change around them.",
        "Our trustees discussed the consultation at their meeting last month and asked me to write on their behalf.",
    ],
    "prof": [
        "{org} represents around {nmem} members working in children's social care and related professions across England.",
        "Our members include frontline practitioners, managers and independent professionals who work within the child protection system every day.",
        "This response was agreed by our executive committee following an online survey of members, which received {resp} replies in the time available.",
    ],
    "private": [
        "{org} is an independent provider of children's services, currently delivering fostering, residential and family support services under contract to {nla} local authorities.",
        "All of our registered services are inspected by Ofsted, and the majority are rated good or outstanding.",
        "We employ around {staff} staff, including qualified social workers, therapists and residential care workers.",
    ],
    "academic": [
        "{org} undertakes research on children's social care, public service reform and the commissioning of public services.",
        "This response draws on our research into the outsourcing of public services and on the international evidence about children's services reform. It represents the views of the authors and not of the wider institution.",
        "We have no commercial interest in the outcome of this consultation.",
    ],
    "other": [
        "{org} brings together people with a direct interest in how children's services are run in {place}.",
        "We are a membership organisation and our views are informed by the experience of the families we represent.",
        "This response was prepared by our steering group and circulated to members for comment.",
    ],
}

ORG_CLOSE = [
    "We would be happy to discuss any aspect of this response with officials.",
    "We hope these comments are helpful and would welcome the opportunity to contribute to the further development of the regulations.",
    "Please do not hesitate to contact me if you would like any further information.",
    "We would ask that this response be published alongside the Government's response to the consultation.",
    "We look forward to the publication of the Government's response.",
    "Thank you for considering our views.",
]

ORG_HEADINGS = {
    # style -> headings for P1..P4 (None: no headings)
    "question": ["Question 1", "Question 2", "Question 3", "Question 4"],
    "numbered": ["1. Delegation of children's social care functions",
                 "2. Profit-making providers", "3. Testing the powers first",
                 "4. The consultation period"],
    "caps": ["DELEGATION", "PROFIT", "PILOTING", "THE CONSULTATION PROCESS"],
    "plain": None,
}

ROLES = {
    "la": ["Director of Children's Services", "Cabinet Member for Children and Families",
           "Assistant Director, Safeguarding", "Head of Children's Social Care"],
    "vol_large": ["Chief Executive", "Director of Policy", "Director of Children's Services",
                  "Head of Public Affairs"],
    "vol_small": ["Chair of Trustees", "Project Manager", "Coordinator", "Manager"],
    "prof": ["General Secretary", "Chair", "President", "Policy Officer", "National Officer"],
    "private": ["Managing Director", "Chief Executive", "Director of Operations",
                "Head of Business Development"],
    "academic": ["Director", "Professor of Social Policy", "Senior Research Fellow",
                 "Senior Lecturer in Social Work"],
    "other": ["Chair", "Coordinator", "Secretary", "Independent Chair"],
}

# ---------------------------------------------------------------------------------------------
# Fictional names.
# ---------------------------------------------------------------------------------------------
PLACES = ["Northmoor", "Eastbridge", "Wexley", "Calderbrook", "Ashcombe", "Brindlehurst",
          "Fennmouth", "Harrowdale", "Kestwick", "Lindenfield", "Averleigh", "Greyhithe",
          "Selsworth", "Moorcastle", "Wyrley Vale", "Oxenford", "Danesby", "Holmewood",
          "Kingsmere", "Ravensford", "Stowbridge", "Tarnley", "Upper Wendle", "Westermouth",
          "Yarrowby", "Penhallow", "Brackenfold", "Mirefield", "Saltmarsh", "Elmbury",
          "Highcross", "Thornvale", "Coldwater", "Larkhill Vale", "Bramblewick", "Dunmere",
          "Foxbourne", "Glenhurst", "Hollowell", "Ivybridge Moor", "Juniper Bay", "Marrowby"]

LA_PATTERNS = ["{p} County Council", "{p} Metropolitan Borough Council", "London Borough of {p}",
               "{p} City Council", "{p} Borough Council", "Royal Borough of {p}",
               "{p} Council - Children's Services", "{p} Council"]

VOL_LARGE = ["Northmoor Children's Trust", "Hearth and Home Family Foundation",
             "The Lantern Children's Society", "Brightpath Families", "Children's Futures Alliance",
             "The Kinfold Trust", "Safe Harbour for Children", "Open Door Family Action",
             "The Wren Foundation for Young People", "Together Through Care",
             "First Steps Children's Charity", "Anchor Child Welfare", "The Haven Children's Network",
             "Birchwood Family Support Society", "Youth Voice in Care",
             "National Council for Foster Families (fictional)", "Stepping Stones Adoption and Fostering",
             "The Greenway Trust", "Mapleleaf Children's Charity", "Cornerstone Family Trust"]
VOL_SMALL_PATTERNS = ["{p} Family Support Project", "{p} Young Carers", "{p} Parents' Network",
                      "{p} Care Leavers' Forum", "Friends of {p} Children's Centre",
                      "{p} Community Mentoring Scheme", "{p} Women's Refuge and Children's Service",
                      "{p} Kinship Carers Group", "{p} Home-Start Partnership (fictional)",
                      "{p} Youth Advocacy Project"]
PROF = ["Association of Family Court Practitioners (fictional)", "Guild of Child Protection Social Workers",
        "National Union of Care Staff", "Union of Public Service Workers (fictional)",
        "Society of Independent Reviewing Officers", "Institute of Safeguarding Practitioners",
        "Association of Children's Guardians", "Society of Family Practitioners",
        "Association of Child Protection Conference Chairs", "Confederation of Local Government Officers",
        "Foster Carers' Union (fictional)", "College of Family Social Work (fictional)",
        "Network of Principal Child and Family Social Workers", "Association of Paediatric Safeguarding Nurses",
        "Federation of Residential Child Care Managers", "Association of Adoption Panel Chairs",
        "National Association of Family Support Workers", "Council of Educational Psychologists (fictional)",
        "Association of Local Authority Child Care Lawyers", "Federation of Children's Services Directors (fictional)",
        "Social Work Managers' Forum", "Guild of Independent Social Workers", "Health Visitors' Forum (fictional)",
        "Union of Youth and Community Workers (fictional)", "Association of Family Centre Managers",
        "Society of Family Mediators (fictional)", "Teachers' Safeguarding Network (fictional)",
        "Practice Educators' Association (fictional)", "Association of Children's Home Managers"]
PRIVATE = ["Meridian Care Services Ltd", "Keystone Children's Services Ltd", "Orchard Family Solutions Ltd",
           "Harbourview Fostering Ltd", "Pinnacle Social Care Partnerships plc", "Cedar House Residential Care Ltd",
           "Northstar Outcomes Ltd", "Bridgewell Children's Homes Ltd", "Compass Point Care Consulting",
           "Allied Care Partnerships plc", "Evergreen Independent Fostering Ltd", "Summit Social Work Solutions Ltd",
           "Tidewater Care Group", "Lodestar Family Services Ltd", "Greyfield Therapeutic Care Ltd",
           "Ironbridge Social Care Consultancy", "Crestline Support Services Ltd", "Hawthorn Care Partnerships",
           "Beacon Fostering Group Ltd", "Sterling Children's Services Ltd", "Quayside Care Homes Ltd",
           "Forward Families Ltd", "Oakleaf Assessment Services Ltd", "Riverbend Residential Ltd",
           "Clearview Social Care Staffing Ltd", "Apex Family Interventions Ltd", "Trident Outsourcing Services plc",
           "Kingfisher Therapeutic Communities Ltd", "Sunrise Independent Fostering Ltd", "Horizon Children's Care Ltd"]
ACADEMIC_PATTERNS = ["Centre for Child Welfare Research, University of {p}", "Family Policy Unit, {p} University",
                     "Children's Rights Law Clinic, {p} Law School",
                     "Social Work Education Group, {p} Metropolitan University",
                     "Centre for Evidence in Social Care, University of {p}",
                     "Department of Social Policy, University of {p}"]
ACADEMIC = ["Institute for Social Policy Futures", "Public Services Reform Forum",
            "Centre for Public Service Markets", "The Ashcombe Institute", "Localism Research Centre (fictional)",
            "Policy Lab for Children and Families", "Foundation for Public Value",
            "Open Government Policy Unit (fictional)", "Commissioning Futures Institute",
            "The Elmbury Centre for Public Policy", "Centre for Families and the State",
            "New Public Services Research Group", "Institute for Outcomes-Based Commissioning"]
OTHER = ["{p} Local Safeguarding Children Board", "{p} Diocesan Children's Committee",
         "Parents Against Injustice Network (fictional)", "Coalition for Children's Rights (fictional)",
         "{p} Office of the Police and Crime Commissioner", "Grandparents Raising Grandchildren Group",
         "{p} Clinical Commissioning Group Safeguarding Team", "{p} Council for Voluntary Service",
         "Campaign for Family Justice (fictional)", "{p} Independent Visitors Scheme",
         "{p} Youth Parliament", "Families in Care Advice Line (fictional)", "{p} Magistrates' Family Panel",
         "Interfaith Forum for Children (fictional)", "{p} Healthwatch Children's Panel (fictional)"]

FIRST = ["Sarah", "James", "Helen", "David", "Claire", "Mark", "Emma", "Paul", "Rachel", "Andrew",
         "Joanne", "Stephen", "Karen", "Richard", "Lisa", "Gary", "Nicola", "Ian", "Julie", "Simon",
         "Amanda", "Darren", "Michelle", "Neil", "Louise", "Martin", "Kerry", "Graham", "Zainab",
         "Tariq", "Priya", "Sunita", "Kwame", "Chloe", "Liam", "Bethany", "Aisha", "Olu", "Megan",
         "Connor", "Margaret", "Brian", "Pauline", "Derek", "Yvonne", "Hannah", "Tom", "Gemma",
         "Ruth", "Colin", "Siobhan", "Dev", "Shaun", "Jade", "Aled", "Fiona", "Ewan", "Maureen"]
LAST = ["Hughes", "Patel", "Thompson", "Walker", "Robinson", "Wright", "Green", "Khan", "Clarke",
        "Hall", "Lewis", "Turner", "Hill", "Moore", "Jackson", "Ahmed", "Wood", "Harris", "Baker",
        "Edwards", "Begum", "Okafor", "Morris", "Price", "Bennett", "Shaw", "Holmes", "Ward",
        "Fletcher", "Mensah", "Kowalski", "Doyle", "Murphy", "Atkinson", "Singh", "Barker",
        "Marsh", "Pritchard", "Lloyd", "Dunn", "Rowe", "Fairbairn", "Oduya", "Nash", "Crowther"]

REGIONS = ["North East", "North West", "Yorkshire and the Humber", "East Midlands",
           "West Midlands", "East of England", "London", "South East", "South West"]

DESCRIBES = [  # (value, persona, weight)
    ("Social worker", "sw", 18), ("Foster carer", "fc", 10), ("Parent", "par", 14),
    ("Care leaver", "cl", 6), ("Member of the public", "pub", 24), ("Teacher", "t", 5),
    ("Retired social worker", "sw", 3), ("Family support worker", "sw", 3), ("Adopter", "fc", 3),
    ("Health visitor", "pub", 2), ("Local councillor", "pub", 2), ("Youth worker", "pub", 2),
    ("Social work student", "sw", 2), ("Work for an independent provider", "pp", 3),
    ("Grandparent / kinship carer", "fc", 2), ("Other", "pub", 3), ("Prefer not to say", "pub", 2),
]

INDIVIDUAL_EMAIL_GREETING = ["Dear Sir/Madam,", "Hello,", "To whom it may concern,", "Hi,",
                             "Dear Sir or Madam", "Dear Consultation Team,", "Dear Secretary of State,", ""]
INDIVIDUAL_EMAIL_SIGNOFF = ["Regards", "Thanks", "Yours faithfully", "Kind regards", "Best wishes",
                            "Yours sincerely", "Many thanks"]
