"""은행 담당자 데스크: a partner bank's officer works on that bank's guarantees in the browser."""
