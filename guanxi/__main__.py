from guanxi.cli import main

main()
