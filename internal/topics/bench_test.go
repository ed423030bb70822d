package topics

import (
	"fmt"
	"testing"
)

// BenchmarkAnalyze100k: 100,000 distinct comments (half Japanese, half
// English), so that no tokenisation is memoised.
//
//	go test ./internal/topics -run - -bench Analyze100k -benchtime 1x
func BenchmarkAnalyze100k(b *testing.B) {
	ja := []string{"配送が遅い", "送料が高い", "アプリが重い", "欲しい商品が在庫切れ", "サポートの対応が丁寧", "梱包が丁寧"}
	en := []string{"delivery was late", "shipping fee too high", "app is slow", "item was out of stock", "helpful support", "great prices"}
	resps := make([]Response, 100000)
	for i := range resps {
		c := fmt.Sprintf("%s 注文番号%d", ja[i%len(ja)], i)
		if i%2 == 1 {
			c = fmt.Sprintf("%s, order %d", en[i%len(en)], i)
		}
		resps[i] = Response{Group: "all", Score: i % 11, Comment: c}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Analyze(resps, Options{})
	}
}
