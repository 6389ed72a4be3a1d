"""Pages of careers-support referrals, one module per audience: `public` (people referring
themselves or a trainee, and declining), `caseload` (careers staff: the worklist, logging a
referral, a referral's page), `actions` (careers staff: the workflow steps, one page and one
service each), `reports` (careers staff's reports and the managers' audit trail) and
`directory` (the signposting directory). Views are thin: referral data comes only through
`Referral.objects.visible_to(user)` or the services (which audit the access); changes go
through the services. Every page here is sent with Cache-Control: no-store."""
