package kit

import (
	"database/sql"

	"github.com/kizuna-dev/kizuna/internal/model"
)

type (
	namedArg     = sql.NamedArg
	metricsTable = model.Table
)

// Named is sql.Named, for the selection arguments of drill-downs.
func Named(name string, v any) any { return sql.Named(name, v) }
