print("vitality")
