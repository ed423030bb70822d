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

// BenchmarkShifts100k: the topics that moved between two halves of
// 100,000 distinct comments (compare's "which topics moved").
//
//	go test ./internal/topics -run - -bench Shifts100k -benchtime 1x
func BenchmarkShifts100k(b *testing.B) {
	ja := []string{"配送が遅い", "送料が高い", "アプリが重い", "欲しい商品が在庫切れ", "サポートの対応が丁寧", "梱包が丁寧"}
	en := []string{"delivery was late", "shipping fee too high", "app is slow", "item was out of stock", "helpful support", "great prices"}
	var a, c []string
	for i := 0; i < 100000; i++ {
		t := fmt.Sprintf("%s 注文番号%d", ja[i%len(ja)], i)
		if i%2 == 1 {
			t = fmt.Sprintf("%s, order %d", en[(i/3)%len(en)], i)
		}
		if i%3 == 0 {
			a = append(a, t)
		} else {
			c = append(c, t)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Shifts(a, c, Options{})
	}
}
