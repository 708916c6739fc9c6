# Jiekang interface messages, English.
# Ids are kebab-case, grouped by page; the other language's file has the same ids with the
# same arguments (the http tests check it). Domain words (states, steps, roles, …) are not
# here: their messages come from the domain's label_zh()/label_en() (src/i18n/labels.rs).

## Account pages (account_*.html, pages/account.rs, pages/sessions.rs)

account-at-least-12-characters = At least 12 characters, with three of: capital letters, small letters, digits, symbols. You log in again after the change.
account-awaiting-second-factor = Awaiting second factor
account-change-password = Change password
account-client-address = Client address
account-current-password = Current password
account-current-password-wrong = The current password is wrong
account-initial-or-reset-password = This is an initial or reset password: set a new password before you continue.
account-last-activity = Last activity
account-log-out-all-other = Log out all other sessions
account-logged = Logged in
account-logins-account-that-are = The logins of your account that are still valid. If you do not recognise one, log it out and change your password. Times are Beijing time.
account-new-password = New password
account-new-password-again = New password again
account-new-password-must-differ = The new password must differ from the current one
account-session = This session
account-sessions = Sessions
account-two-new-passwords-differ = The two new passwords differ

## The agreement page (its body stays Chinese)

agreement-agreement-chinese-legal-document = This agreement is a Chinese legal document: it is printed in Chinese whatever the interface language.
agreement-back-case = Back to the case
agreement-print-agreement-with-browsers = · print this agreement with the browser's Print command
agreement-title = Agreement · { $name }

## Audit trail (audit.html, pages/audit.rs); audit-action-* are the action codes

audit-action-login-locked = login refused (account locked)
audit-action-login-lockout = logins locked
audit-action-login-password = password accepted (second factor pending)
audit-action-person-update = archive changed
audit-action-person-break-glass = emergency look-up granted
audit-action-person-read-break-glass = archive read in an emergency look-up
audit-action-person-duplicate-refused = duplicate ID number refused
audit-action-task-export = tasks exported
audit-action-queue-export = work queue exported
audit-action-dashboard-export = supervision figures exported
audit-action-session-revoked = session logged out
audit-action-session-revoked-others = other sessions logged out
audit-action-sweep-run = daily sweep
audit-action-task-answered = task answered
audit-action-totp-enrolled = two-step verification turned on
audit-action-totp-enrol-failed = two-step set-up failed
audit-action-totp-disabled = two-step verification turned off
audit-action-totp-failed = wrong two-step code
audit-action-totp-replayed = two-step code used twice
audit-action-case-read = case read
audit-action-case-create = decision recorded
audit-action-case-test = test recorded
audit-action-case-talk = talk recorded
audit-action-case-search = search recorded
audit-action-case-alert-requested = online alert requested
audit-action-case-warning = warning recorded
audit-action-case-leave-requested = leave request recorded
audit-action-case-leave-decided = leave decided
audit-action-case-leave-returned = return from leave recorded
audit-action-case-absence = unauthorised absence recorded
audit-action-case-police-notified = police informed
audit-action-case-work-group = work group updated
audit-action-mine-export = my persons exported
audit-action-case-risk-assessed = risk assessed
audit-action-case-assigned = worker and police officer named
audit-action-risk-scheme-created = risk scheme version saved
audit-action-case-handover-received = hand-over acknowledged
audit-action-case-attachment-add = attachment uploaded
audit-action-case-attachment-read = attachment read
audit-action-case-read-transferred = read a transferred case’s stub
audit-action-case-step = case step: { $step }
audit-action-admin = administration (accounts and units)
audit-action-audit-export = export the audit trail
audit-action-audit-search = search the audit trail
audit-action-calendar-import = enter holidays
audit-action-login = log in
audit-action-login-failed = failed login
audit-action-person-create = register a person
audit-action-person-export = export persons
audit-action-person-read = view a record
audit-action-totp-reset = reset a user's two-step verification
audit-action-unit-created = create a unit
audit-action-unit-renamed = rename a unit
audit-action-unit-retired = retire a unit
audit-action-user-created = create a user account
audit-action-user-disabled = disable a user account
audit-action-user-enabled = enable a user account
audit-action-user-password-changed = change one's own password
audit-action-user-password-reset = reset a user's password
audit-choose-unit-from-list = Choose a unit from the list
audit-clear = Clear
audit-client = Client
audit-dates-look-like-year = Dates look like year-month-day, e.g. 2026-01-31
audit-details = Details
audit-end-date-cannot-before = The end date cannot be before the start date
audit-from = From
audit-full-username = Full username
audit-matching = matching: { $count }
audit-no = No.
audit-no-audit-records-match = No audit records match. Widen the search, or
audit-object = Object
audit-person-number = Person number
audit-person-number-positive-whole = The person number is a positive whole number
audit-please-correct-marked-search = Please correct the marked search fields.
audit-search-fields-are-wrong = The search fields are wrong; nothing was searched.
audit-see-all = see all.
audit-to = To
audit-what-users-unit-units = What the users of your unit and the units below it did (records without a user belong to the top unit). Dates in Beijing time. Every search and export is recorded too.

## Every page (base.html)

base-jiekang-personal-information-protected = Jiekang · personal information protected by law (Drug Rehabilitation Regulations, art. 7)

## Holiday calendar (calendar.html, pages/calendar.rs); calendar-day-* are the day kinds

calendar-answer = { $date }: { $answer }
calendar-answer-holiday = rest day ({ $name })
calendar-answer-make-up-day = working day (make-up working day: { $name })
calendar-answer-provisional = The holidays of { $year } are not entered yet; counted as a { $kind } for now (provisional)
calendar-command-line = command line
calendar-day-holiday = day off
calendar-day-workday = make-up working day
calendar-enter-or-correct-years = Enter or correct a year's notice
calendar-entered-year-replaces-that = An entered year replaces that year's data as a whole; earlier entries stay as history and the audit trail records it. Also by the command
calendar-entries-force = Entries (in force)
calendar-import-command-end = { "." }
calendar-imported = Holiday arrangements of { $count } year(s) entered; in effect now.
calendar-known-years = Known years
calendar-look-up-date = Look up a date
calendar-name = Name
calendar-new-years-day = New Year's Day
calendar-notice-one-line-each = Notice (one line each: date [Tab] holiday or workday [Tab] name; an optional #year line)
calendar-rest-day = rest day
calendar-rest-day-weekend = rest day (weekend)
calendar-stored = { $year } · { $who } · { $at }
calendar-working-day = working day
calendar-working-days-follow-state = Working days follow the State Council General Office notices (including swapped days).
calendar-year-arrangements = { $year } arrangements
calendar-year-entered = { $year } (entered)
calendar-year-not-entered-monday = In a year not entered, Monday to Friday count as working days provisionally, marked “provisional”; entering that year's notice recomputes them.
calendar-year-not-entered-yet = The holiday arrangements of { $year } have not been entered.

## The case page (case.html, pages/cases.rs, case_input.rs)

case-agreement = Agreement
case-agreement-signed = signed on { $date } ·
case-all-windows = All { $count } test windows
case-approve = Approve
case-ask-police-online-alert = Ask police for an online alert
case-attachment-kind-cannot-read = The attachment kind cannot be read
case-attachment-kind-decision = decision
case-attachments = Attachments
case-awaiting-acknowledgment = awaiting acknowledgment
case-back = Back on
case-back-today = Back today
case-before-compulsory-isolation-check = Before compulsory isolation, check:
case-breaches = Breaches
case-btn-police-informed = Record police informed
case-choose-file-upload = Choose a file to upload
case-circumstances = Circumstances
case-collected-by = collected by { $who } ·
case-community-rehabilitation-needs-term = Community rehabilitation needs the term in years
case-content = Content
case-content-current-conduct = Content and current conduct
case-counselling-other-records = Counselling and other records
case-date-decision-was-served = Date the decision was served on the person
case-deadline-notified = { $deadline } · notified { $date }
case-deadline-reported = { $deadline } · reported in { $date }
case-decision = Decision
case-decision-facts = { $organ } { $number }, { $date }
case-decision-facts-term = { $organ } { $number }, { $date }, term { $years ->
    [one] { $years } year
   *[other] { $years } years
    }
case-destination = Destination
case-done = Done
case-enter-date = Enter a date
case-enter-whole-number-from = Enter a whole number from 1 to 3
case-entered-by = entered by { $who } { $at }
case-female-worker-present-womans = A female worker present (a woman's urine sample is taken by a woman)
case-file-empty = The file is empty
case-file-pdf-jpeg-png = File (PDF, JPEG, PNG, at most { $max } MB)
case-file-too-large = The file may be at most { $max } MB
case-file-too-large-or = The file is too large or the upload was interrupted
case-form-has-expired-reload = The form has expired: reload the page
case-from = From–to
case-hand-overs-sent-acknowledged = Hand-overs (sent and acknowledged)
case-inform = to inform
case-kind = Kind
case-leave = Leave
case-leave-destination = Destination
case-leave-request-away-from = Leave request (away from the county 3 days or more)
case-leaving = Leaving on
case-left-county-without-leave = Left the county without leave
case-members-one-line-name = Members (one a line: name, role — staff, community police, medical worker, family, volunteer)
case-negative = negative
case-next-planned-test = Next planned test
case-next-talk = Next talk
case-no-attachments-yet = No attachments yet.
case-no-hand-overs-yet = No hand-overs yet.
case-no-tests-yet = No tests yet.
case-none-refused-evaded = none (refused / evaded)
case-not-signed = not signed
case-note = Note
case-nothing-recorded-yet = Nothing recorded yet.
case-notice = notice
case-notified-late = notified late
case-only-pdf-jpeg-or = Only PDF, JPEG or PNG files
case-other = other
case-period = Period
case-place-searched = Place searched
case-planned = Planned
case-planned-provisional = { $date } (provisional)
case-planned-test-otherwise-surprise = Planned test (otherwise a surprise test)
case-please-choose = Please choose
case-police-informed = Police informed
case-positive = Positive
case-print-agreement = print the agreement
case-received = Received
case-receiving-township-or-community = Receiving township or community
case-receiving-unit = Receiving unit
case-record-footer = entered by { $created-by } { $created-at } · last maintained by { $updated-by } { $updated-at } · every view of this page is in the audit trail.
case-record-test = Record a test
case-record-warning = Record the warning
case-refuse = Refuse
case-refused-or-evaded-tests = (refused or evaded tests: { $count })
case-remarks = Remarks
case-report-due = Report-in due
case-required-windows-begun = Required (windows begun)
case-result = Result
case-sample = Sample
case-sample-b-number-site = Sample B number (on-site positive)
case-sample-number-site-positive = Sample A number (on-site positive)
case-save-search = Save the search
case-save-talk = Save the talk
case-save-test = Save the test
case-search-records-absconded = Search records (absconded)
case-searched-by = Searched by
case-sent = Sent
case-served = Served
case-served-both = on the person { $date }; on the family { $family }
case-served-family-only = service on the person not recorded; on the family { $family }
case-served-person = on the person { $date }
case-service-person-not-recorded = service on the person not recorded
case-someone-else-changed-case = Someone else changed this case; below is the latest version: check it and submit again
case-starts-at-report = starts at report-in
case-submit-request = Submit the request
case-substances-found-positive = Substances found (for a positive)
case-talk-due-by = by { $date }
case-talk-home-visit = Talk / home visit
case-talked-with-by = Talked with by
case-test-date = Test date
case-test-kind = Test kind
case-test-schedule-compliance = Test schedule and compliance
case-test-schedule-drawn-at = The test schedule is drawn at report-in (planned dates are not told to the person).
case-tested-at-surprise = { $time } (surprise)
case-tester-1 = Tester 1
case-tester-2 = Tester 2
case-testers = Testers
case-testers-pair = { $first }, { $second }
case-tests = Tests
case-tests-total = total: { $count }
case-timeline = Timeline
case-times-look-like-09 = Times look like 09:30
case-township-notification-due = Township notification due
case-transfer = Transfer to
case-transfer-pending = { $unit } (awaiting acceptance)
case-transfer-request = { $unit } asks to transfer this case to your unit: check it, then accept or refuse.
case-accept-into-community = Community of your unit that will carry it out
case-transferred-title = transferred
case-transferred-to = Transferred to { $unit } ({ $date })
case-transferred-from = Former execution place
case-transferred-dates = Requested and accepted
case-transferred-requested-accepted = requested { $requested }, accepted { $accepted }
case-transferred-only-until = Your unit sees the record up to the transfer (until the day it was accepted); later tests, talks and plans belong to the new execution place.
case-unknown-kind-record = Unknown kind of record
case-upload = Upload the file
case-upload-cannot-read = The upload cannot be read
case-warning = Warning
case-window = Window
case-window-done = done
case-window-missed = Missed
case-window-number = No. { $number }
case-window-open = open
case-window-upcoming = not yet begun
case-work-group-members = Work group members

case-confirm-title = Confirm: { $step }
case-confirm-button = Confirm: { $step }
case-confirm-cancel = Back to the case, do nothing
case-confirm-terminate = Ending the order closes the case: no more tests or counselling, and it cannot be resumed. Only for a prison sentence or a compulsory education measure (Regulations on Drug Rehabilitation, art. 24).
case-confirm-refer-to-police = Once referred, the police decide on compulsory isolation; until they decide, no other step can be taken on the case.
case-confirm-expire = Releasing closes the case: no more tests or counselling. The police notify the township within 7 days and serve the release notice (Regulations on Drug Rehabilitation, art. 23).
case-confirm-decide-isolation = Deciding compulsory isolation closes the case: the person goes to a compulsory isolation centre (Narcotics Control Law, art. 38); the case cannot be resumed.
case-confirm-other = Check and confirm.
case-warning-due = a warning is due and not recorded yet
case-warned = warned: { $date } · { $who } · { $how }
case-record-return = record the return
case-window-refused = refused
case-warned-by = warned by
case-warning-manner = how
case-leave-requested-on = requested on
case-decided-on = decided on
case-returned-on = back on
case-informed-on = informed on
case-alert-on = asked on
## Recording a decision (case_new.html)

case-new-basis-execution-place = Basis of the execution place
case-new-deciding-organ = Deciding organ
case-new-decision-number = Decision number
case-new-e-g-dongsheng-district = e.g. the Dongsheng district public security sub-bureau
case-new-execution-place-township-or = Execution place (township or community)
case-new-police-notify-township-hand = Police notify the township and hand over the files within 7 working days of the decision; the system counts the deadline with the statutory holidays.
case-new-record-community-detoxification-rehabilitation = Record a community detoxification / rehabilitation decision
case-new-save-decision = Save the decision
case-new-served-family = Served on the family
case-new-served-person-report-deadline = Served on the person (report-in deadline counts from it)
case-new-term-years-community-rehabilitation = Term in years (community rehabilitation)
case-new-title = Record a decision · { $name }
case-new-work-group-members-one = Work group members (one a line: name, role)

## Words several pages share

common-account = Account
common-actions = Actions
common-age = Age
common-all = All
common-audit-trail = Audit trail
common-choose-unit = Choose the unit
common-city-supervision = City supervision
common-code = Code
common-create = Create
common-date = Date
common-date-format = Dates look like 2024-10-08
common-decided = Decided on
common-district-at-glance = District at a glance
common-drugs-used = Drugs used
common-edit-identity-history = Edit identity and history
common-emergency-look-up-outside = Emergency look-up outside my area
common-enter = Enter
common-ethnicity = Ethnicity
common-execution-place = Execution place
common-export-excel = Export to Excel
common-female = female
common-filter = Filter
common-former-names = Former names
common-from-open = from { $from }
common-from-to = { $from } to { $to }
common-holiday-calendar = Holiday calendar
common-home = Home
common-household-registration = Household registration
common-id-number = ID number
common-kind = Kind
common-log = Log in
common-log-out = Log out
common-male = male
common-measure = Measure
common-name = Name
common-next-page = Next page
common-overdue = overdue
common-own-unit = Unit
common-person = Person
common-person-label = Person:
common-persons = Persons
common-phone = Phone
common-please-correct-marked-fields = Please correct the marked fields.
common-reason = Reason
common-record = Record
common-register-person = Register a person
common-residence = Residence
common-save = Save
common-search = Search
common-sex = Sex
common-status = Status
common-steps = Steps
common-tasks = Tasks
common-term = Term
common-time = Time
common-two-step-verification = Two-step verification
common-unit = Unit
common-units = Units
common-unknown = unknown
common-user = User
common-username = Username
common-users = Users
common-valid = Valid
common-work-queues = Work queues

## Supervision dashboards (dashboard.html, pages/dashboard.rs)

dashboard-chart-below-total = { $percent } below total
dashboard-chart-figure = { $percent }
dashboard-chart-total = Total { $percent }
dashboard-control-rate = Control rate
dashboard-counted-at = counted at { $time } (the lists are live)
dashboard-district = district
dashboard-execution-rate = Execution rate
dashboard-execution-rate-by-unit = Execution rate by unit
dashboard-execution-rate-compared = Execution rate compared
dashboard-execution-rate-persons-reported = Execution rate = persons reported in and not absconded ÷ persons whose order was served and has not ended; control rate = persons whose whereabouts are known (not absconded, not late to report) ÷ persons under supervision (the national plan's definitions, see D5).
dashboard-green-not-below-total = Green: not below the total; amber and marked “below total”: below the total; dashed line: the total execution rate.
dashboard-no-community-detoxification-or = No community detoxification or rehabilitation orders in this jurisdiction yet, so there are no figures. Once the police enter decisions, the figures appear here by { $level }.
dashboard-no-data = no data
dashboard-not-counted-yet = not counted yet
dashboard-persons-by-state = Persons by state
dashboard-reported-not-absconded-served = reported in and not absconded / served and not expired ({ $ratio })
dashboard-side-by-side-by = Side by side by { $level }. Persons by state are live; overdue and due figures are updated every minute. Click a figure for its list.
dashboard-subordinate-unit = subordinate unit
dashboard-supervision = Supervision
dashboard-total = Total
dashboard-township-street = township (street)
dashboard-updating = updating
dashboard-whereabouts-known-under-supervision = whereabouts known / under supervision ({ $ratio })
dashboard-work-figures = Work figures

## Refusals of jiekang-domain (src/i18n/domain.rs; the ones without arguments are also shown through Msg::recorded)

domain-document-character = Character { $position } of the document number, “{ $found }”, is not a letter or digit
domain-document-length = A document number has 5 to 20 letters or digits; this one has { $len }
domain-id-address-code = The address code { $code } is invalid (its first two digits are not a province code)
domain-id-birth-date = The birth date { $date } does not exist
domain-id-birth-date-early = The birth date { $date } is before 1900
domain-id-birth-date-future = The birth date { $date } is after today
domain-id-checksum = Wrong check digit: the last character should be { $expected }, not { $found }
domain-id-length = A resident ID number has 18 digits (15 in the old form); this one has { $len }
domain-id-non-digit = Character { $position } of the ID number, “{ $found }”, is not a digit
domain-new-password-cannot-one = The new password cannot be one of the last 5 you used
domain-password-needs-three-capital = The password needs three of: capital letters, small letters, digits, symbols
domain-password-too-long = The password can have at most { $max } characters
domain-password-too-short = The password needs at least { $min } characters
domain-result-needs-sample-kind = A result needs the sample kind
domain-site-positive-split-into = An on-site positive is split into samples A and B: enter both numbers
domain-text-bad-character = contains characters that are not allowed
domain-text-empty = must not be empty
domain-text-field-bad-character = { $field }: contains characters that are not allowed
domain-text-field-empty = { $field }: must not be empty
domain-text-field-too-long = { $field }: at most { $max } characters
domain-text-field-too-short = { $field }: at least { $min } characters
domain-text-too-long = must be at most { $max } characters
domain-text-too-short = must be at least { $min } characters
domain-two-workers-must-present = Two workers must be present at a test: enter two different testers
domain-unit-code-malformed = A unit code is 6, 9 or 12 digits
domain-unit-code-not-under = The unit code { $child } does not belong to the parent unit { $parent }
domain-unit-no-child-level = A { $level } cannot have subordinate units
domain-womans-urine-sample-must = A woman's urine sample must be taken by a female worker
domain-date-before-decision = The date { $date } is before the decision date { $decided }
domain-date-before-report-in = The date { $date } is before the report-in date { $reported }
domain-date-in-future = The date { $date } is after today: events cannot be recorded in advance
domain-date-out-of-range = The date is outside the range that can be computed
domain-expiry-before-term-end = The release date { $date } is before the first day after the term, { $earliest }
domain-illegal-transition = The case is “{ $state }”: “{ $step }” is not possible now
domain-report-in-before-service = The report-in date { $date } is before the decision was served, { $served }
domain-suspension-after-term-end = The suspension starts on { $from }, after the term's last day { $last }
domain-suspension-before-report-in = The suspension starts on { $from }, before the report-in on { $reported }
domain-suspension-reversed = The suspension starts on { $from }, after it ends on { $to }
domain-suspensions-overlap = The suspension { $from } to { $to } overlaps the one from { $second }
domain-term-detox-years = Community detoxification lasts 3 years, not { $years }
domain-term-rehab-years = Community rehabilitation lasts 1 to 3 whole years, not { $years }
domain-term-rehab-years-missing = Community rehabilitation needs its decided number of years

## Emergency access

emergency-confirm-emergency-look-up = Confirm the emergency look-up
emergency-emergency-look-ups-my = Emergency look-ups in my area
emergency-full-id-number = Full ID number
emergency-granted = Granted
emergency-looked-up-by = Looked up by
emergency-no-emergency-look-ups = No emergency look-ups.
emergency-no-person-with-id = No person with this ID number
emergency-only-when-truly-needed = Only when truly needed: type the full ID number and the reason; access lasts { $hours } hours, every view is in the audit trail and shown to the supervisors of both units.
emergency-person-looked-up = Person looked up
emergency-reason-label = Reason (at least { $min } characters)
emergency-reason-required = Give the reason (at least { $min } characters)
emergency-records = { $count } records
emergency-valid-until = Valid until

## Error pages and AppError

error-back-home-page = Back to the home page
error-code = Error code { $status }
error-csrf = The form has expired: reload the page and submit again
error-forbidden = You are not allowed to do this
error-internal = Internal error: please try again later
error-invalid = The form has errors
error-not-found = No such page or record
error-something-went-wrong = Something went wrong
error-stale = Someone else changed this record: reload and try again
error-unauthorized = Please log in first

## Kinds of hand-over (by code)

handover-kind-police = police hand-over of the decision and files
handover-kind-transfer = transfer hand-over

## Home page (home.html, pages/home.rs)

home-administration = Administration
home-audit = Audit
home-civil-affairs = Civil affairs
home-clinics-work-queues-come = The clinic's work queues come with the methadone maintenance feature.
home-community-police-desk = Community police desk
home-districts-side-by-side = Districts side by side on the same figures: what is late and where.
home-hand-overs-acknowledge-persons = Hand-overs to acknowledge, persons not reported in (with deadlines), agreements missing, transfers to accept, breaches to refer and orders expiring within 30 days.
home-human-resources = Human resources
home-maintain-units = Maintain units
home-maintain-units-user-accounts = Maintain units, user accounts and the holiday calendar.
home-manage-users = Manage users
home-my-area = My area
home-persons-by-state-overdue = Persons by state, overdue tests, absconded and late hand-overs by township; every figure opens its list.
home-persons-registered-my-area = Persons registered in my area
home-search-audit-trail = Search the audit trail
home-search-audit-trail-by = Search the audit trail by user, person, unit, action and time.
home-subsistence-allowance-assistance-queues = Subsistence allowance and assistance queues come with the assistance feature.
home-tests-due-overdue-my = Tests due and overdue in my area, positives and refusals awaiting police action, and absconded persons.
home-tests-talks-due-today = Tests and talks due today and this week, and what is overdue.
home-todays-work = Today's work
home-township-office-desk = Township office desk
home-training-employment-queues-come = Training and employment queues come with the placement feature.
home-units-my-area = Units in my area

## States of a leave request (by code)

leave-state-approved = approved
leave-state-refused = refused
leave-state-requested = awaiting approval
leave-state-returned = returned

## Log in and two-step codes at login (login*.html, auth/)

login-account-must-use-two = This account must use two-step verification: log in on the web and set it up first
login-back-login-page = Back to the login page
login-cancel-log-out = Cancel and log out
login-code-required = Enter the two-step verification code (totp_code)
login-code-wrong-or-has = The code is wrong or has expired
login-locked = Too many failed logins: locked for now, try again in { $minutes } minutes
login-log = Log in
login-open-authenticator-app-phone = Open the authenticator app on your phone and type the 6-digit code it shows for “戒康 Jiekang”.
login-password = Password
login-system-holds-personal-information = This system holds personal information protected by law; every view and action is recorded in the audit trail.
login-that-code-was-used = That code was used already: wait for the next one
login-verify = Verify
login-wrong-username-or-password = Wrong username or password

## Header and menu

nav-main-menu = Main menu

## The archive of a person (person.html)

person-addiction-assessed = Addiction assessed
person-community-detoxification-rehabilitation-orders = Community detoxification / rehabilitation orders
person-community-detoxification-rehabilitation-person = Community detoxification and rehabilitation person record
person-date-birth = Date of birth
person-document-number = Document number
person-earlier-compulsory-isolation = Earlier compulsory isolation
person-emergency-look-up-person = Emergency look-up: this person is outside your area; this view is in the audit trail and shown to the supervisors of both units. Identity only.
person-every-view-page-audit = Every view of this page is in the audit trail.
person-family-contacts = Family and contacts
person-first-use = First use
person-fixed-home = (fixed home)
person-identity-history = Identity and history
person-last-maintained = Last maintained
person-no-orders-yet = No orders yet.
person-open = Open
person-record-decision = Record a decision
person-record-keeping-who-entered = Record keeping (who entered, who maintained)
person-title = { $name } · person record

## Registering a person (person_new.html, input.rs)

person-new-choose-document-type = Choose a document type
person-new-document-type = Document type
person-new-resident-id-number-checked = A resident ID number is checked and gives the sex and date of birth.
person-new-unit-execution-place = Unit (execution place)

## Persons list (persons.html, pages/persons.rs)

persons-full-number = Full number
persons-name-starts-with = Name starts with
persons-no-person-matches = No person matches.
persons-register-first-person = Register the first person
persons-someone-else-changed-record = Someone else changed this record; below is the latest version: check it and submit again
persons-total = in scope: { $count }

## Identity and history (person_profile.html)

profile-addiction-assessed = Addiction assessed on
profile-date-after-today = The date cannot be after today
profile-earlier-compulsory-isolation-when = Earlier compulsory isolation (when, where)
profile-family-contacts-one-line = Family and contacts (one a line)
profile-first-used = First used on
profile-has-fixed-home-at = Has a fixed home at the residence (may be the execution place)
profile-phone-characters = A phone number has only digits, “-” and “+”
profile-title = Identity and history · { $name }

## Work queues (queues.html, pages/queues.rs); queues-kind-* and queues-due-* by queue code

queues-received-on = received on
queues-acknowledge = Acknowledge
queues-all-my-area = All (my area)
queues-counts-by-state-are = Counts by state are live; the other counts were taken at { $time } and are renewed every minute. The lists are live.
queues-due-deadline = Deadline
queues-due-expires = Expires on
queues-due-planned-test = Planned test date
queues-due-reported = Reported in on
queues-due-sent = Sent on
queues-due-since = Since
queues-due-state-since = In this state since
queues-due-talk = Talk due on
queues-due-reassessment = Reassess by
queues-due-test-date = Test date
queues-invalid-page-parameter = Invalid page parameter
queues-kind-absconded = Absconded
queues-kind-agreement-missing = Agreement missing
queues-kind-breaches = Breaches to refer
queues-kind-expiring = Expiring within 30 days
queues-kind-handovers = Hand-overs to acknowledge
queues-kind-handovers-late = hand-overs not received in time
queues-kind-not-reported = Not notified / not reported in
queues-kind-police-tasks = To report to police
queues-kind-report-overdue = report-in overdue
queues-kind-talks-due = Talks due
queues-kind-reassessment-due = Risk reassessment due
queues-kind-tests-overdue = Tests overdue
queues-kind-tests-today = Tests due today
queues-kind-tests-week = Tests due this week
queues-kind-transfers = Transfers to accept
queues-nothing-do-right-now = Nothing to do right now.
queues-queue = Queue
queues-unknown-work-queue = Unknown work queue

## Refused requests (rejection.rs, limits)

request-json-content-type = The request must be JSON (Content-Type: application/json)
request-json-data = Malformed request: a field's type or value does not match the API documentation (every field is a string)
request-json-syntax = The request is not valid JSON
request-login-json = Malformed request: JSON { "{" }"username", "password"{ "}" } is needed
request-malformed = The request is malformed: check it and send it again
request-method-not-allowed = This request method is not supported
request-timeout = The request timed out: please try again later
request-too-large = What was sent is over the size limit
request-too-many-searches-try = Too many searches: try again in a minute
request-unprocessable = What was sent is malformed: check it and send it again
request-unreadable = Malformed request: its content cannot be read
request-unsupported-media-type = This content type is not supported
request-what-was-sent-too = What was sent is too large

## Texts the store writes in Chinese (shown through Msg::recorded)

store-agreement-signed = agreement signed
store-choose-receiving-township-or = Choose the receiving township or community
store-date-cannot-after-today = The date cannot be after today
store-decision-date-cannot-after = The decision date cannot be after today
store-enter-date-decision-was = Enter the date the decision was served on the person
store-execution-place-must-township = The execution place must be a township or community
store-hand-overs-not-received = hand-overs not received in time
store-leave-approved-by-township = Leave is approved by the township office
store-leave-short-no-request = Less than 3 days away from the county needs no written request
store-leave-short-not-absence = Less than 3 days away from the county is not an unauthorised absence
store-no-report-deadline-yet = No report-in deadline yet
store-no-such-record = No such record
store-no-suspension-progress = No suspension in progress
store-no-transfer-awaiting-acceptance = No transfer awaiting acceptance
store-not-reported-yet-cannot = Not reported in yet: cannot resume
store-only-approved-leave-can = Only approved leave can be marked returned
store-planned = planned
store-provisional-that-years-holidays = (provisional: that year's holidays are not entered)
store-receiving-unit-cannot-current = The receiving unit cannot be the current execution place or above it
store-report-date-must-lie = The report date must lie between the test date and today
store-report-overdue = report-in overdue
store-reported-at-new-execution = reported in at the new execution place (the term runs on)
store-request-has-been-decided = This request has been decided already
store-residence-can-execution-place = The residence can be the execution place only with a fixed home (record it in the archive first)
store-resumption-must-come-after = Resumption must come after the suspension began
store-return-date-cannot-before = The return date cannot be before the leaving date
store-role-cannot-record = Your role cannot record this
store-say-what-was-done = Say what was done
store-service-date-must-lie = The service date must lie between the decision date and today
store-set-up-data-invalid = The set-up data is invalid: reload the page and scan again
store-surprise = surprise
store-task-has-been-answered = This task has been answered already
store-test-needs-no-police = This test needs no police report, or it was reported already
store-warning-criticism-education = warning (criticism and education)
store-work-group-updated = work group updated
store-record-not-in-state = The case is “{ $state }”: this cannot be recorded now
store-report-in-deadline-not-passed = The report-in deadline { $date } has not passed yet
store-step-not-for-role = Your role cannot take the step “{ $step }”
store-task-answer-before-opened = The date cannot be before the day the task arose ({ $date })
store-task-answer-too-long = The answer can have at most { $max } characters
store-unit-code-unknown = There is no unit { $code }
store-transfer-community-required = Choose which community of the receiving unit will carry the case out
store-transfer-community-not-under-receiver = { $unit } is not a community of the receiving unit: choose one of its communities
store-unit-retire-not-empty = The unit still has { $children } units under it, { $users } active accounts and { $persons } persons: move them first

## Tasks (tasks.html, task.html, pages/tasks.rs)

tasks-answer-facts = { $by } · done on { $date } · entered at { $at }
tasks-assigned = Assigned to
tasks-back-tasks = Back to tasks
tasks-closed = Closed on
tasks-done = Done on
tasks-due-by = Due by
tasks-from = From
tasks-list-param = list must be open or finished
tasks-matters-other-units-or = Matters other units or supervising offices ask the units of this jurisdiction to settle. Answer them in time; the answer is kept on file and in the audit trail.
tasks-no-open-tasks = No open tasks.
tasks-no-task-has-been = No task has been closed yet.
tasks-opened = Opened on
tasks-overdue = overdue
tasks-record-what-was-done = Record what was done
tasks-save-answer = Save the answer
tasks-someone-else-has-worked = Someone else has worked this task; see where it stands now
tasks-tab-closed = Closed
tasks-tab-open = Open
tasks-task = Task
tasks-task-lists = Task lists
tasks-unit-another-jurisdiction-tried = A unit of another jurisdiction tried to register a person with the ID number of a person this unit holds; the system refused it (they see neither this unit nor the person). Check: if it is the same person, agree a change of the execution place with that unit; if a number was mistyped, correct it here or ask them to. Then record what was done.
tasks-what-was-done = What was done
tasks-what-was-done-at = What was done (at most { $max } characters)

## Two-step verification (account_totp.html, pages/totp.rs)

totp-current-code = Current code
totp-enabled-since = On (since { $since }, Beijing time). Logging in needs the 6-digit code of your authenticator app as well as the password.
totp-key = Key:
totp-mandatory-cannot-disable = This role must use two-step verification; it cannot be turned off
totp-mandatory-enrol = Your role must use two-step verification: set it up before you continue.
totp-mandatory-note = Your role must use two-step verification. When you change phones, ask the system administrator to reset it.
totp-open-any-totp-authenticator = Open any TOTP authenticator app on your phone (Google Authenticator, Microsoft Authenticator, FreeOTP, Aliyun App …).
totp-scan-qr-code-below = Scan the QR code below; if you cannot, choose “enter a setup key” and type the key below (time-based, 30 seconds, 6 digits).
totp-set-up = Set up
totp-turn-off-two-step = Turn off two-step verification
totp-two-step-verification-logging = Two-step verification is on; logging in now asks for a code.
totp-two-step-verification-off = Two-step verification is off.
totp-type-6-digit-code = Type the 6-digit code the app shows to finish.

## Units (units.html, pages/units.rs)

units-choose-parent-unit = Choose the parent unit
units-code = Code
units-e-g-150602001-or = e.g. 150602001 or 150602001001
units-enter-date-use-from = Enter the date in use from (YYYY-MM-DD)
units-enter-retirement-date-yyyy = Enter the retirement date (YYYY-MM-DD)
units-level = Level
units-maintain = Maintain
units-new-name = New name
units-new-unit-below = New unit below
units-no-units-yet = No units yet.
units-parent-unit = Parent unit
units-parent-unit-does-not = The parent unit does not exist or is outside your area
units-rename = Rename
units-rename-retire = Rename / retire
units-retire = Retire
units-retire-date = Retired on
units-retired-on = retired ({ $date })
units-total = { $count } units
units-unit-code = Unit code
units-unit-name = Unit name
units-use = in use
units-use-from = In use from
units-version-missing = The version is missing

## Users (users.html, user_confirm.html, pages/users.rs)

users-active = active
users-cancel = Cancel
users-choose-role = Choose a role
users-confirm-disable = Confirm: disable
users-confirm-reset-password = Confirm: reset password
users-confirm-reset-two-step = Confirm: reset two-step verification
users-disable = Disable
users-disable-user = Disable user
users-disabled = disabled
users-disabled-user-cannot-log = A disabled user cannot log in; all their sessions end.
users-enable = Enable
users-hand-user-person-shown = Hand it to the user in person; it is shown only this once. The user must change it at the next login.
users-initial-password = Initial password
users-last-login = Last login
users-must-change-password = must change password
users-new-user = New user
users-no-user-accounts-area = No user accounts in your area yet.
users-on-page = on this page: { $count }
users-password-reset-for = Password of { $user } reset
users-reset-password = Reset password
users-reset-two-step-verification = Reset two-step verification
users-role = Role
users-temporary-password = Temporary password:
users-temporary-password-generated-all = A temporary password is generated and all of the user's sessions end.
users-user-must-change-initial = The user must change the initial password at the first login.
users-user-must-set-up = The user must set up the authenticator again.
users-username-rule = { $error } (3–32 small letters, digits, _ . -)
users-you-cannot-disable-own = You cannot disable your own account

## Texts the store and the domain write with values in them: read back into their arguments (src/i18n/recorded.rs)
store-tl-decided = { $measure } ordered ({ $organ } { $number })
store-tl-police-notify-by = police to notify the township by { $date }
store-tl-police-notify-by-provisional = police to notify the township by { $date } { $provisional }
store-tl-report-by = to report in by { $date }
store-tl-report-by-provisional = to report in by { $date } { $provisional }
store-tl-notified = police notified the township and handed over the files
store-tl-notified-late = police notified the township and handed over the files, late (deadline { $deadline })
store-tl-term-windows = term { $from } to { $to }, { $count } test windows
store-tl-term-windows-late = term { $from } to { $to }, { $count } test windows, reported in late (deadline { $deadline })
store-tl-reported-new-place-late = reported in at the new execution place (the term runs on), late (deadline { $deadline })
store-tl-agreement-detox = community detoxification agreement signed
store-tl-agreement-rehab = community rehabilitation agreement signed
store-tl-resumed = suspension { $from } to { $to }, { $days } days, not counted in the term; the term now ends on { $end }
store-tl-transfer-requested = transfer of the execution place to { $unit } requested
store-tl-transfer-placed = placed with { $unit }
store-tl-report-at-new-place-by = to report in at the new execution place by { $date } and sign a new agreement
store-tl-report-at-new-place-by-provisional = to report in at the new execution place by { $date } { $provisional } and sign a new agreement
store-tl-marked-refused = not reported in (deadline { $deadline }): counts as refusing community detoxification, reported to police
store-tl-referred = referred to police ({ $refusals } tests refused or evaded, { $absences } unauthorised absences)
store-tl-not-yet-serious = not yet a serious breach of the agreement
store-tl-test = { $kind }: { $outcome } ({ $planned })
store-tl-police-to-inform = police to be informed
store-tl-search = search: { $place }; outcome: { $outcome }
store-tl-alert-requested = police asked for an online alert
store-tl-warning = warning ({ $manner })
store-tl-leave-requested = leave requested: { $from } to { $to }, going to { $destination }
store-tl-leave-approved = leave ({ $from } to { $to }) approved
store-tl-leave-refused = leave ({ $from } to { $to }) refused
store-tl-leave-returned = back from leave (planned { $date })
store-tl-absence = left the county without leave: { $from } to { $to }, { $days } days
store-tl-police-informed = police informed of the test of { $date }
store-tl-handover-received = police decision and files received (sent on { $date })
store-tl-attachment = attachment uploaded: { $name } ({ $kind })
store-report-deadline-not-passed = The report-in deadline { $deadline } has not passed yet
store-warned-by-required = Enter who gave the warning
domain-report-before-service = The report-in date { $date } is before the decision was served ({ $served })
domain-answer-before-event = The date { $date } is before the { $event } date { $since }
domain-answered-handover = hand-over
domain-answered-leave-request = leave request
domain-answered-leave-decision = leave decision
domain-answered-leave-start = departure
domain-answered-test = test
domain-answered-absconded = absconding
domain-refusal-has-no-sample = A refused or evaded test has no sample and no result: choose “none” as the sample and leave substances and sample numbers empty

## The case page's buttons and the dates its steps ask for (case_steps.html, pages/cases/view.rs)
case-step-do-notify = Notify the township and hand over
case-step-do-report-in = Record the report-in
case-step-do-sign-agreement = Record the signed agreement
case-step-do-suspend = Record the suspension
case-step-do-resume = Resume the measure
case-step-do-abscond = Mark as absconded
case-step-do-return = Record that the person was found
case-step-do-request-transfer = Request the transfer
case-step-do-accept-transfer = Accept the case
case-step-do-refuse-transfer = Refuse the case
case-step-do-mark-refused = Record as not reported in
case-step-do-refer-to-police = Refer to police
case-step-do-police-declined = Record police's decision to continue
case-step-do-decide-isolation = Record compulsory isolation
case-step-do-terminate = End the measure
case-step-do-expire = Release at term end
case-step-on-notify = notified on
case-step-on-report-in = reported in on
case-step-on-sign-agreement = signed on
case-step-on-suspend = suspended from (the day of detention or arrest)
case-step-on-resume = resumed on (the first day back in the community)
case-step-on-abscond = absconded on (the day contact was lost)
case-step-on-return = found on
case-step-on-request-transfer = requested on
case-step-on-accept-transfer = accepted on
case-step-on-refuse-transfer = refused on
case-step-on-mark-refused = recorded on
case-step-on-refer-to-police = referred on
case-step-on-police-declined = police decided on
case-step-on-decide-isolation = decided on
case-step-on-terminate = ended on
case-step-on-expire = released on
case-talk-on = talk or visit on
case-warned-on = warned on
case-searched-on = searched on
case-record-absence = Record the absence
case-save-work-group = Save the work group
home-counted-at = Counts by state are live; the other figures were counted at { $time } and are refreshed every minute; the lists behind them are live.
## Choosing a unit (macros/unit.html)

unit-picker-choose = Choose
unit-picker-placeholder = Type a name or code to search
unit-picker-hint = { $count } units: type a name, a code or a parent’s name to search, then choose from the list
unit-picker-unknown = There is no unit “{ $unit }” to choose: pick one from the list (type a name or code to search)
unit-picker-ambiguous = { $count } units are called “{ $unit }”: choose the full path with its code

## CASE-7, D6, N6 — risk class and caseload on the case page
care-title = Risk class and responsible staff
care-class = Risk class
care-not-assessed = not assessed
care-talk-every = Talks
care-every-days = at least every { $days } days
care-every-days-default = at least every { $days } days (not assessed, default)
care-next-visit = Next home visit
care-visit-due-every = by { $date } (every { $days } days)
care-reassess-by = Reassess by
care-worker = Responsible worker
care-police = Police officer
care-not-named = not named
care-assessments = Assessments ({ $count })
care-assessed-on = Assessed on
care-score = Total
care-assessor = Assessor
care-scheme-version = Scheme version
care-assignments = Assignments ({ $count })
care-from = From
care-entered = Entered
care-note = Note
care-assess = Assess risk
care-scheme-of = Scheme: { $name } (version { $version })
care-item-max = { $item } (0–{ $max } points)
care-classes = Classes
care-class-rule = { $label }: from { $min } points, talks every { $talk } days, home visits every { $visit } days, reassess after { $reassess } days
care-save-assessment = Save assessment
care-assign = Name the worker and police officer
care-none = (none)
care-save-assignment = Save
care-scheme-missing = The scheme version is missing; reload the page and try again
care-score-number = Each item's score must be a whole number
care-choose-account = Choose an account from the list
care-date-required = Enter the date (year-month-day)

## N6 — my persons
mine-title = My persons
mine-intro-worker = The persons under a measure you are the responsible worker for, with when each is due a test, a talk, a home visit and a reassessment.
mine-intro-police = The persons under a measure you are the named police officer for, with when each is due a test, a talk, a home visit and a reassessment.
mine-none = No persons are assigned to you yet.
mine-next-test = Next planned test
mine-talk-due = Talk due
mine-all = All my persons

## CASE-7, D6 — the risk-assessment scheme (administrator)
nav-risk-schemes = Risk scheme
schemes-title = Risk-assessment scheme
schemes-intro = Every change to the scheme is saved as a new version; assessments already made keep the version they used and are not changed by a new one. New assessments use the newest version.
schemes-version = Version { $version }: { $name }
schemes-in-use = in use
schemes-default = The installation's default scheme (the national high, medium and low levels of the 2016 national drug-control office notice, with four local colours)
schemes-item = Item
schemes-max = Maximum score
schemes-class = Class label
schemes-min = From score
schemes-talk = Talk interval (days)
schemes-visit = Home visit interval (days)
schemes-reassess = Reassess after (days)
schemes-new-version = Save as a new version
schemes-name = Scheme name
schemes-items = Items
schemes-items-hint = Codes use lower-case letters, digits or underscores; blank rows are not saved.
schemes-classes = Classes
schemes-classes-hint = Each total falls into the class with the highest starting score not above it; one class must start at 0, and each of high, medium and low needs at least one class.
schemes-code = Code
schemes-save = Save new version
schemes-numbers = Scores and days must be whole numbers
schemes-level = Choose a risk level for each class
schemes-saved-meanwhile = Another administrator has just saved a new version; look at it and save again
dashboard-by-risk-level = By risk class (persons under a measure)
