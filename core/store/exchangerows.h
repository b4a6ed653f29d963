#pragma once

#include "exchange.h"

#include <QByteArray>

namespace Hookscope::Store {

class Statement;

// How an Exchange maps onto the rows of the exchanges and bodies tables. Every query that reads
// summaries or whole exchanges selects these column lists, so the readers below stay in step.
namespace Rows {

// "INSERT INTO exchanges(...) VALUES(?...)" binding everything bindExchange() binds.
QByteArray insertExchangeSql();
void bindExchange(Statement &insert, const Exchange &exchange);

// Columns for readSummary(), to be selected from the exchanges table aliased as `e`.
QByteArray summaryColumns();
ExchangeSummary readSummary(const Statement &row);

// Columns for readExchange(), from `exchanges e LEFT JOIN bodies b ON b.exchange_id = e.id`.
QByteArray exchangeColumns();
Exchange readExchange(const Statement &row);

// The full-text index columns (line, headers, body, facets) computed from the stored row; select
// them from fromExchangesWithBodies().
QByteArray searchColumns();
QByteArray fromExchangesWithBodies();

// The path of a request-target without query or fragment: "/hooks" for "/hooks?x=1" and for
// "http://host/hooks?x=1"; authority and asterisk forms are kept whole.
QByteArray pathOf(const QByteArray &target);

} // namespace Rows

} // namespace Hookscope::Store
