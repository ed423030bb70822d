package metrics

import (
	"database/sql"
	"math"
	"math/big"

	"github.com/kizuna-dev/kizuna/internal/model"
)

// scan reads all rows into plain values: nil, bool, int64, float64, string
// or time.Time. NaN and ±Inf become nil (a value that does not exist).
func scan(rows *sql.Rows) (*model.Table, error) {
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	t := &model.Table{Columns: cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			vals[i] = plain(v)
		}
		t.Rows = append(t.Rows, vals)
	}
	return t, rows.Err()
}

func plain(v any) any {
	switch x := v.(type) {
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case int:
		return int64(x)
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		return int64(x)
	case float32:
		return plain(float64(x))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return x
	case *big.Int:
		if x.IsInt64() {
			return x.Int64()
		}
		f, _ := new(big.Float).SetInt(x).Float64()
		return f
	case interface{ Float64() float64 }: // the driver's DECIMAL
		return plain(x.Float64())
	case []byte:
		return string(x)
	}
	return v
}
