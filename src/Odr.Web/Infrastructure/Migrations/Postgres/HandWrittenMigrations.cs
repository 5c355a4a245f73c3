using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Odr.Web.Infrastructure.Persistence;

namespace Odr.Web.Infrastructure.Migrations.Postgres;

// The migrations written by hand before the EF design-time tools were available (Migrations/HandWritten, shared by both
// providers), under PostgreSQL's context type and with the IDs that existing databases record in __EFMigrationsHistory:
// never rename them. Migrations added since are generated beside this file by `dotnet ef migrations add` (docs/adr/002).

[DbContext(typeof(PostgresOdrDbContext))]
[Migration("20261122080000_Initial")]
public sealed class Initial : HandWritten.Initial;

[DbContext(typeof(PostgresOdrDbContext))]
[Migration("20261122090000_Lifecycle")]
public sealed class Lifecycle : HandWritten.Lifecycle;

[DbContext(typeof(PostgresOdrDbContext))]
[Migration("20261122100000_GoverningLaw")]
public sealed class GoverningLaw : HandWritten.GoverningLaw;

[DbContext(typeof(PostgresOdrDbContext))]
[Migration("20261122110000_Documents")]
public sealed class Documents : HandWritten.Documents;

[DbContext(typeof(PostgresOdrDbContext))]
[Migration("20261122120000_SentNotices")]
public sealed class SentNotices : HandWritten.SentNotices;

[DbContext(typeof(PostgresOdrDbContext))]
[Migration("20261122130000_Chat")]
public sealed class Chat : HandWritten.Chat;

[DbContext(typeof(PostgresOdrDbContext))]
[Migration("20261122140000_CaseStageTimes")]
public sealed class CaseStageTimes : HandWritten.CaseStageTimes;

[DbContext(typeof(PostgresOdrDbContext))]
[Migration("20261204100000_AccountSecurity")]
public sealed class AccountSecurity : HandWritten.AccountSecurity;

[DbContext(typeof(PostgresOdrDbContext))]
[Migration("20261204110000_ChatChannels")]
public sealed class ChatChannels : HandWritten.ChatChannels;

[DbContext(typeof(PostgresOdrDbContext))]
[Migration("20261204120000_NoticeDelivery")]
public sealed partial class NoticeDelivery : HandWritten.NoticeDelivery;
