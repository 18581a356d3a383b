"""`make bench`: side-by-side benchmarks of the portal's hot paths (issue 7).

Every row times our code and a reference doing the same work in the same run (alternating,
so that noise on the shared machine hits both), checks that both computed the same result,
and prints the median of the runs after a warm-up. See docs/performance.md.

Modules:
    __main__   the orchestrator: prepares the book databases, runs each part in a child
               process, prints one table, exits 1 when a target is missed
    books      which databases hold which book, creating and seeding them when absent
    timing     the Row shape, alternating median timing, the table
    measure    the child process entry point (`python -m benchmarks.measure PART`)
    figures    multiplier and book_summary vs hand-written SQL
    report     the council report vs WeasyPrint alone on the same HTML
    pages      staff pages vs a minimal view on the same stack, with query counts
    loading    seed_demo / import_book throughput vs COPY of the same rows
    urls       the project's URLs plus the minimal reference view (benchmark only)
"""
