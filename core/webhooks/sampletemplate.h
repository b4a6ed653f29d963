#pragma once

#include "common/result.h"
#include "provider.h"

#include <QByteArray>

namespace Hookscope::Webhooks {

// Turns a sample payload template (JSON, readable, with placeholders) into a fresh body: new ids,
// times around `now`, serialised in the provider's style. Placeholders live in JSON strings:
//
//   {{uuid:NAME}}  {{hex:NAME}} (32 hex)  {{hex16:NAME}}  {{sha:NAME}} (40 hex)
//   {{sha7:NAME}} (the first 7 digits of sha:NAME)  {{id:NAME}} (10 digits)  {{id13:NAME}}
//   {{n:NAME}} (1–999)  {{upper:NAME}} (10 of A–Z0–9)  {{alnum:NAME}} (24 of A–Za–z0–9)
//   {{alnum14:NAME}}  {{alnum6:NAME}}
//   {{time:SECONDS}} now+SECONDS as 2024-05-01T12:00:00.123456Z, {{time.ms:…}}, {{time.s:…}}
//   {{unix:SECONDS}} Unix seconds, {{unix.ms:…}} with 3 decimals, {{ts:…}} with 6 (Slack)
//
// The same placeholder gives the same value throughout one expansion, so an id repeated in a URL
// matches. A string that is exactly one placeholder with # after the braces ("{{#id:issue}}")
// becomes a JSON number. Text like "{{ default }}" (with spaces) is left alone. An unknown
// placeholder is an error naming it.
Result<QByteArray> expandSampleTemplate(const QByteArray &templateJson, qint64 now,
                                        BodyStyle style);

} // namespace Hookscope::Webhooks
