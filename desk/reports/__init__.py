"""How collections are going: the summary of a period and the portfolio now, every figure an SQL
aggregate over the stored records (docs/reports.md lists each with its source)."""
