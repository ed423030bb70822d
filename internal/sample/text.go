package sample

// phrases is a pool of short comments in Japanese and English. The first
// lead of each language are the lead complaints, which customers write
// most (leadShare of the comments drawn from the pool).
type phrases struct {
	ja, en []string
	lead   int
}

// leadShare of the comments of a pool with lead complaints are one of them.
const leadShare = 0.7

// comments[touchpoint][sentiment]: sentiment 0 negative, 1 neutral, 2 positive.
var comments = [4][3]phrases{
	tPurchase: {
		{ja: []string{"欲しい商品が在庫切れ", "価格が高い", "サイズ表記が分かりにくい", "ポイントの使い方が複雑", "決済でエラーが出た", "解約手続きが分かりにくい"},
			en: []string{"item was out of stock", "too expensive", "checkout failed twice", "hard to cancel"}, lead: 1},
		{ja: []string{"普通です", "特に不満はない", "価格がもう少し安ければ", "品揃えはまあまあ", "セールをもっと増やしてほしい"},
			en: []string{"ok overall", "could be cheaper", "nothing special"}},
		{ja: []string{"品揃えが良い", "また利用したいです", "コスパが良い", "ポイントがお得", "欲しいものがすぐ見つかる", "友人にも勧めました"},
			en: []string{"love the selection", "easy checkout", "great prices", "will buy again"}},
	},
	tDelivery: {
		{ja: []string{"配送が遅い", "送料が高い", "届くまで1週間かかった", "配送日時の指定ができない", "箱が潰れていた", "配達予定日を過ぎても届かない"},
			en: []string{"delivery was late", "shipping fee too high", "package arrived damaged", "shipping took a week"}, lead: 2},
		{ja: []string{"配送は普通", "もう少し早く届くと嬉しい", "梱包が少し過剰"},
			en: []string{"delivery was fine", "a bit slow but ok"}},
		{ja: []string{"配送が早い", "梱包が丁寧", "翌日に届いた", "置き配が便利"},
			en: []string{"fast delivery", "arrived next day", "well packed"}},
	},
	tSupport: {
		{ja: []string{"サポートにつながらない", "返信が遅い", "たらい回しにされた", "同じ説明を何度もさせられた"},
			en: []string{"support never replied", "waited 3 days for an answer", "unhelpful support"}},
		{ja: []string{"対応は普通", "解決まで少し時間がかかった", "チャットの方が良い"},
			en: []string{"support was ok", "took a while but solved"}},
		{ja: []string{"サポートが丁寧", "対応が早かった", "問題がすぐ解決した", "親切に教えてもらえた"},
			en: []string{"helpful support", "quick and friendly support", "problem solved fast"}},
	},
	tApp: {
		{ja: []string{"アプリが重い", "アプリがよく落ちる", "ログインできないことがある", "通知が多すぎる"},
			en: []string{"app is slow", "app keeps crashing", "too many notifications", "can't log in"}, lead: 1},
		{ja: []string{"アプリは普通", "検索がもう少し賢ければ", "文字が小さい"},
			en: []string{"app is ok", "search could be better"}},
		{ja: []string{"アプリが見やすい", "通知が便利", "お気に入り機能が便利", "使いやすい"},
			en: []string{"great app", "love the new features", "easy to use"}},
	},
}

// Products reviewed, per category (categories order).
var products = [][]string{
	{"リネンシャツ", "デニムジャケット", "Everyday Sneakers"},
	{"保湿クリーム", "Vitamin C Serum", "日焼け止めジェル"},
	{"オーガニック緑茶", "ドリップコーヒー詰め合わせ", "国産はちみつ"},
	{"今治タオルセット", "ステンレス水筒", "Aroma Diffuser"},
	{"ワイヤレスイヤホン K2", "モバイルバッテリー", "Smart LED Bulb"},
	{"折りたたみチェア", "Camping Lantern", "トレッキングポール"},
}

// reviewTexts[rating-1].
var reviewTexts = [5]phrases{
	{ja: []string{"二度と買わない", "最悪でした", "すぐに壊れた", "返品しました"},
		en: []string{"broke after a week", "waste of money", "returned it"}},
	{ja: []string{"品質がいまいち", "色が写真と違う", "思っていたのと違う", "値段の割に安っぽい"},
		en: []string{"not as described", "poor quality", "disappointed"}},
	{ja: []string{"普通", "値段相応", "思ったより小さい", "可もなく不可もなく"},
		en: []string{"it's okay", "average", "does the job"}},
	{ja: []string{"満足しています", "使いやすい", "概ね満足", "コスパが良い"},
		en: []string{"good value", "works well", "happy with it"}},
	{ja: []string{"最高です！", "期待以上でした", "毎日使っています", "リピート確定", "家族にも好評"},
		en: []string{"love it", "exceeded expectations", "perfect"}},
}

// k2Texts are the complaints about the faulty earphones.
var k2Texts = phrases{
	ja: []string{"すぐに片耳が聞こえなくなった", "接続がすぐ切れる", "充電が持たない"},
	en: []string{"battery dies fast", "left earbud stopped working", "keeps disconnecting"},
}
