"""The contributors' side (출연기관: a city, a district): the interest subsidy it pays for the
guarantees of the programmes it funds, and the pledge figures it reports to its residents."""
