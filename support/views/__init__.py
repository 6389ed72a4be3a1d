"""The careers support pages (workshops and the resource library), one module per audience:
`public` (everyone), `member` (a signed-in person's own bookings) and `staff` (careers staff).
Thin: objects come through querysets scoped to the user (a booking is its booker's: 404 for
anyone else), staff pages are for careers staff (403 for other signed-in users), and every
change is one service call. Not referral data: nothing here reads or changes a referral."""
